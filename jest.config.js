/** Every test of the repository: `npm test`. Each project also runs alone (see README). */
module.exports = {
  projects: [
    '<rootDir>/libs/telephony-domain/jest.config.js',
    '<rootDir>/libs/twilio-sandbox/jest.config.js',
    '<rootDir>/apps/api/jest.config.js',
  ],
  // Read from here, not from the projects, when Jest runs several projects (the suite runs in
  // parallel on small machines: a test that takes 2 s alone can take 6 s in the whole run).
  testTimeout: 30_000,
};
