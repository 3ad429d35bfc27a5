const { transform, transformIgnorePatterns, moduleNameMapper } = require('../../jest.transform');

/** The domain library's tests: pure unit tests against the in-memory adapters. */
module.exports = {
  displayName: 'telephony-domain',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
};
