const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: '@tlkit/demo',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/e2e/**/*.test.ts'],
};
