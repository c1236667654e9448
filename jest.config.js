// `npm test`: one Jest run over every project, so CI reads a single summary.
const fs = require('node:fs');
const path = require('node:path');

const projects = ['packages', 'apps', 'tools']
  .flatMap((dir) =>
    fs.existsSync(path.join(__dirname, dir))
      ? fs.readdirSync(path.join(__dirname, dir)).map((name) => path.join(__dirname, dir, name))
      : [],
  )
  .filter((dir) => fs.existsSync(path.join(dir, 'jest.config.js')));

module.exports = {
  projects,
  reporters: ['default', '<rootDir>/tools/summary-reporter.js'],
};
