// Assembles heap-kernels.wat into src/kernels/heap-kernels-wasm-bytes.ts: `node wasm/build-wasm.cjs` after editing
// the WAT. Its memory is always imported: the kernels run on tfjs wasm's own heap (unshared, or shared where tfjs
// runs its threaded build).
const { join } = require('node:path');
const { assemble, writeWasmModule } = require('../../../tools/wasm/assemble-wat.cjs');

const WAT = join(__dirname, 'heap-kernels.wat');
const IMPORTED_MEMORY = '(import "env" "memory" (memory 1))';
module.exports = { assemble: () => assemble(WAT, IMPORTED_MEMORY) };
if (require.main === module)
  writeWasmModule(WAT, join(__dirname, '..', 'src', 'kernels', 'heap-kernels-wasm-bytes.ts'), 'HEAP_KERNELS', IMPORTED_MEMORY);
