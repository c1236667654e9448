import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it); CHROMIUM_PATH names another. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/** Why the browser tests cannot run here, or undefined when they can. */
export const browserMissing = (): string | undefined =>
  existsSync(CHROMIUM)
    ? undefined
    : `Operations-page browser tests skipped: no Chromium at ${CHROMIUM} ` +
      '(install it with `apt-get install -y chromium`, as .ci/run does, or set CHROMIUM_PATH)';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

/** Compiles the page's TypeScript (`nx run upload-service-ui:build` does the same) so the service can serve it. */
export const buildUi = (): void => {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'apps/upload-service/ui/tsconfig.json'],
    {
      cwd: REPO,
      stdio: 'inherit',
    },
  );
};

/** Where the tests write the screenshots of each page (ignored by git; the README names it). */
export const SCREENSHOTS = path.join(REPO, 'apps', 'upload-service', 'ui', 'screenshots');

export const screenshotPath = (name: string): string => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
};
