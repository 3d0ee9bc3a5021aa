const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/transfer-feature', rootDir: __dirname };
