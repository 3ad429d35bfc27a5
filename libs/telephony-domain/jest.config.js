const { transform, transformIgnorePatterns, moduleNameMapper } = require('../../jest.transform');

/**
 * The domain library's tests: pure unit tests against the in-memory adapters, and the check that
 * the packed library installs and compiles in a project of its own (test/).
 */
module.exports = {
  displayName: 'telephony-domain',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
};
