/** Every test of the repository: `npm test`. Each project can also run alone (see README). */
module.exports = {
  projects: ['<rootDir>/libs/telephony-domain/jest.config.js'],
};
