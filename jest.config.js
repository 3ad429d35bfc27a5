/** Every test of the repository: `npm test`. Each project also runs alone (see README). */
module.exports = {
  projects: [
    '<rootDir>/libs/telephony-domain/jest.config.js',
    '<rootDir>/libs/twilio-sandbox/jest.config.js',
    '<rootDir>/apps/api/jest.config.js',
  ],
};
