const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/tensor-core', rootDir: __dirname };
