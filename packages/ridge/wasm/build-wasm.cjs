// Assembles gram.wat into src/internal/gram-wasm-bytes.ts: `node wasm/build-wasm.cjs` after editing the WAT.
const { join } = require('node:path');
const { assemble, writeWasmModule } = require('../../../tools/wasm/assemble-wat.cjs');

const WAT = join(__dirname, 'gram.wat');
module.exports = { assemble: () => assemble(WAT) };
if (require.main === module) writeWasmModule(WAT, join(__dirname, '..', 'src', 'internal', 'gram-wasm-bytes.ts'), 'GRAM');
