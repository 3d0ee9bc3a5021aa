/**
 * Shared jest settings: TypeScript through SWC into CommonJS; in-repo packages resolve to their sources.
 * `*.slow.test.ts` files (long real-data runs) form the slow suite: `npm run test:slow` sets TLKIT_SLOW=1 and runs only
 * them; `npm test` runs everything else.
 */
const slow = process.env.TLKIT_SLOW === '1';
const ESM_ONLY = ['hyparquet', 'hyparquet-compressors', 'hysnappy'];

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testPathIgnorePatterns: slow ? ['/node_modules/', '^(?!.*\\.slow\\.test\\.ts$)'] : ['/node_modules/', '\\.slow\\.test\\.ts$'],
  passWithNoTests: true,
  // hyparquet and its codecs ship as ES modules only: SWC turns them into CommonJS for jest like the sources.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  transform: {
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironmentOptions: { customExportConditions: ['@tlkit/source', 'node', 'require', 'default'] },
  testTimeout: 120000,
  // Test files run in a vm context, where every read of a global goes through an interceptor: Math.imul in the seeded
  // generator ran 30× slower under jest than in Node (1.3 µs against 60 ns per normal draw). Globals injected here are
  // read as plain variables (jestjs/jest#5163, nodejs/node#31658).
  sandboxInjectedGlobals: [
    'Math',
    'Number',
    'Array',
    'Object',
    'Float64Array',
    'Float32Array',
    'Int32Array',
    'Uint32Array',
    'Uint8Array',
    'Atomics',
    'Symbol',
    'Error',
    'RangeError',
    'TypeError',
  ],
};
