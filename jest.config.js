// `npm test`: one Jest run over every project, so CI reads a single summary. A project is any folder
// under packages/ or apps/ with a jest.config.js, nested ones included (the app's libraries:
// apps/upload-service/core, apps/upload-service/dialects/vsphere, …).
const fs = require('node:fs');
const path = require('node:path');

const SKIP = new Set(['node_modules', 'dist', 'src', 'test', 'data', 'coverage']);

/** Folders holding a jest.config.js, at most `depth` levels below `dir`. */
const projectsUnder = (dir, depth) => {
  if (depth < 0 || !fs.existsSync(dir)) return [];
  const here = fs.existsSync(path.join(dir, 'jest.config.js')) ? [dir] : [];
  const children = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SKIP.has(entry.name) && !entry.name.startsWith('.'))
    .flatMap((entry) => projectsUnder(path.join(dir, entry.name), depth - 1));
  return [...here, ...children];
};

const projects = ['packages', 'apps', 'tools'].flatMap((dir) =>
  projectsUnder(path.join(__dirname, dir), 3).filter((project) => project !== path.join(__dirname, dir)),
);

module.exports = {
  projects,
  reporters: ['default', '<rootDir>/tools/summary-reporter.js'],
};
