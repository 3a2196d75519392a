/** Jest transpiles with SWC and never type-checks: `tsc --noEmit` does that once in `npm test`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testTimeout: 60000,
  // The example is synthesized once for the suite (test/global-setup.ts); exampleSynthesis() hands out copies.
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Every temporary folder of the run is under one root (TMPDIR), removed at the end (CONVOGUARD_KEEP_TMP=1 keeps it).
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // The stacks cdktf and aws-cdk-lib capture for every token skip source maps; errors are still mapped.
  setupFilesAfterEnv: ['<rootDir>/test/stack-captures.ts'],
  // Two cores: Jest's default (cores - 1) runs the suites one at a time; each worker is mostly CPU-bound synthesis.
  maxWorkers: 2,
};
