const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/transfer-deep', rootDir: __dirname };
