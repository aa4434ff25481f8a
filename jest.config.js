/** Unit tests: specs next to the code, no external services. */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '(src|libs|contract)/.*\\.spec\\.ts$',
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  moduleNameMapper: {
    '^@app/hubspot-emulator(|/.*)$': '<rootDir>/libs/hubspot-emulator/src$1',
    '^@app/hubspot(|/.*)$': '<rootDir>/libs/hubspot/src$1',
  },
};
