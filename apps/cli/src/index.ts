export { run } from './run.js';
export { buildProgram, VERSION } from './program.js';
export { UsageError, exitCodeOf } from './errors.js';
