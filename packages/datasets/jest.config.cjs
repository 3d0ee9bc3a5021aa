const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/datasets', rootDir: __dirname };
