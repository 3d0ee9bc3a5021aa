const preset = require('../../jest.preset.cjs');

module.exports = { ...preset, displayName: '@tlkit/sql', rootDir: __dirname };
