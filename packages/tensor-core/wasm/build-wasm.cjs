// Assembles linalg.wat into src/linalg/linalg-wasm-bytes.ts: `node wasm/build-wasm.cjs` after editing the WAT.
const { join } = require('node:path');
const { assemble, writeWasmModule } = require('../../../tools/wasm/assemble-wat.cjs');

const WAT = join(__dirname, 'linalg.wat');
module.exports = { assemble: () => assemble(WAT) };
if (require.main === module) writeWasmModule(WAT, join(__dirname, '..', 'src', 'linalg', 'linalg-wasm-bytes.ts'), 'LINALG');
