const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/cli', rootDir: __dirname };
