import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The packages another service may install, by folder; each builds to dist with its types. */
const PACKAGES = [
  { name: '@upload-sessions/domain', dir: 'packages/upload-session' },
  { name: '@upload-sessions/event-store', dir: 'packages/event-store' },
  { name: '@upload-sessions/event-sourcing', dir: 'packages/event-sourcing' },
];

const run = (command: string, args: readonly string[], cwd: string): string =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    // The workspace's export condition must not leak into the scratch project.
    env: { ...process.env, NODE_OPTIONS: '' },
  });

/**
 * The domain and the event-store port as another service gets them: built, packed with `npm pack`,
 * installed from the tarballs into a scratch project outside the workspace (fp-ts and io-ts from the
 * npm cache when it has them) and used there from JavaScript and from TypeScript.
 */
describe('the packed domain packages, used from outside the workspace', () => {
  let scratch: string;
  const tarballs = new Map<string, string>();

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'upload-sessions-consumer-'));
    const packs = path.join(scratch, 'packs');
    mkdirSync(packs);
    for (const { name, dir } of PACKAGES) {
      run(process.execPath, [TSC, '-p', path.join(dir, 'tsconfig.lib.json')], ROOT);
      const packed = JSON.parse(
        run('npm', ['pack', '--json', '--pack-destination', packs], path.join(ROOT, dir)),
      ) as { filename: string; files: { path: string }[] }[];
      const tarball = packed[0];
      if (tarball === undefined) throw new Error(`npm pack gave nothing for ${name}`);
      tarballs.set(name, path.join(packs, tarball.filename));
      // Only what a consumer needs: compiled code and types, no sources, tests or build caches.
      const files = tarball.files.map((f) => f.path);
      expect(files).toContain('dist/index.js');
      expect(files).toContain('dist/index.d.ts');
      expect(
        files.filter((f) => f.startsWith('src/') || f.endsWith('.spec.js') || f.endsWith('.tsbuildinfo')),
      ).toEqual([]);
    }
    const app = path.join(scratch, 'app');
    mkdirSync(app);
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'scratch-consumer',
        version: '1.0.0',
        private: true,
        dependencies: Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`])),
      }),
    );
    const install = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];
    try {
      run('npm', [...install, '--offline'], app);
    } catch (offline) {
      const why = String((offline as { stderr?: unknown }).stderr ?? offline)
        .split('\n')
        .filter((line) => /error/i.test(line))
        .slice(0, 3)
        .join(' | ');
      console.log(`npm install --offline failed (${why}); installing normally`);
      run('npm', install, app);
    }
    for (const script of ['use-domain.cjs', 'use-event-sourcing.cjs'])
      copyFileSync(path.join(__dirname, script), path.join(app, script));
  });
  afterAll(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('carries the Apache-2.0 license and exports without the workspace condition', () => {
    for (const { name } of PACKAGES) {
      const manifest = JSON.parse(
        readFileSync(path.join(scratch, 'app', 'node_modules', ...name.split('/'), 'package.json'), 'utf8'),
      ) as { license?: string; exports?: Record<string, Record<string, string>> };
      expect([name, manifest.license]).toEqual([name, 'Apache-2.0']);
      const root = manifest.exports?.['.'] ?? {};
      expect([name, root['types'], root['default']]).toEqual([name, './dist/index.d.ts', './dist/index.js']);
    }
  });

  it('runs the domain decider through the packed event-sourcing core over the packed in-memory store', () => {
    const output = run(process.execPath, ['use-event-sourcing.cjs'], path.join(scratch, 'app'));
    expect(JSON.parse(output)).toEqual({
      stored: ['UploadSessionStarted', 'UploadSessionCanceled'],
      state: 'CANCELED',
      second: 'AlreadyCanceled',
    });
  });

  it('starts then cancels a session, and refuses a cancel after complete, from plain JavaScript', () => {
    const output = run(process.execPath, ['use-domain.cjs'], path.join(scratch, 'app'));
    expect(JSON.parse(output)).toEqual({
      canceled: 'CANCELED',
      completed: 'DONE',
      cancelAfterComplete: 'NotAllowedInCurrentState',
    });
  });

  it('type-checks a TypeScript consumer against the packed declarations', () => {
    const app = path.join(scratch, 'app');
    writeFileSync(
      path.join(app, 'consumer.ts'),
      [
        "import { isLeft } from 'fp-ts/Either';",
        "import { decide, evolve, initialState, UploadSessionCommand, type UploadSessionState } from '@upload-sessions/domain';",
        "import type { EventStore } from '@upload-sessions/event-store';",
        'export const step = (state: UploadSessionState, raw: unknown, store?: EventStore): UploadSessionState => {',
        '  const command = UploadSessionCommand.decode(raw);',
        '  if (isLeft(command)) return state;',
        '  const decision = decide(command.right, state);',
        '  void store;',
        '  return isLeft(decision) ? state : decision.right.reduce(evolve, state);',
        '};',
        'export const start: UploadSessionState = initialState;',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2023',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    expect(run(process.execPath, [TSC, '-p', 'tsconfig.json'], app)).toBe('');
  });
});
