import { installSignalCleanup } from './signals.js';

// Handlers first: loading the commands (TensorFlow.js among them) takes a while, and Ctrl-C may come meanwhile.
installSignalCleanup();
const { run } = await import('./run.js');
process.exitCode = await run(process.argv.slice(2));
