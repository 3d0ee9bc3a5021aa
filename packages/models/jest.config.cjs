const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/models', rootDir: __dirname };
