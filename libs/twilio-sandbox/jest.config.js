const { transform, transformIgnorePatterns, moduleNameMapper } = require('../../jest.transform');

/** The Twilio sandbox's tests: over HTTP on a free port, no database. */
module.exports = {
  displayName: 'twilio-sandbox',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.integration-spec.ts'],
  testTimeout: 30_000,
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
};
