const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/nn', rootDir: __dirname };
