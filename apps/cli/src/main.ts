import { installSignalCleanup } from './signals.js';

// Handlers first: loading the commands (TensorFlow.js among them) takes a while, and Ctrl-C may come meanwhile.
installSignalCleanup();
const { run } = await import('./run.js');
// The draw worker is built beside this file; compare --workers starts it from here.
(await import('./draw-worker-script.js')).setDrawWorkerScript(new URL('./draw-worker.js', import.meta.url));
process.exitCode = await run(process.argv.slice(2));
