const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/experiment', rootDir: __dirname };
