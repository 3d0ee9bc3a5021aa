const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/transfer-param', rootDir: __dirname };
