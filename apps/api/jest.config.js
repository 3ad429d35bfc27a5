const { join } = require('node:path');
const { transform, transformIgnorePatterns, moduleNameMapper } = require('../../jest.transform');

const root = join(__dirname, '..', '..');

/** The API: unit (*.spec.ts), real-database (*.integration-spec.ts) and HTTP (*.e2e-spec.ts). */
module.exports = {
  displayName: 'api',
  rootDir: root,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/apps/api/src/**/*.spec.ts',
    '<rootDir>/apps/api/src/**/*.integration-spec.ts',
    '<rootDir>/apps/api/src/**/*.e2e-spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.integration-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  globalSetup: '<rootDir>/test/support/postgres/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/postgres/global-teardown.ts',
  testTimeout: 30_000,
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
};
