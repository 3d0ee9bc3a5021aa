const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/ridge', rootDir: __dirname };
