const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/transfer-instance', rootDir: __dirname };
