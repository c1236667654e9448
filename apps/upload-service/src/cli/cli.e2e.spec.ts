import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { verifyPassword } from '@upload-sessions/dialect-vsphere/auth/password-hash';
import { runCliChild } from '../../test/support/run-cli-child';

jest.setTimeout(60_000);

const BIN = path.join(__dirname, '..', '..', 'cli', 'upload-sessions.cjs');
const version = (
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** A `node` older than 24 on this machine (the one a fresh shell has), or undefined. */
const olderNode = (): { readonly path: string; readonly version: string } | undefined => {
  const candidates = new Set(['/usr/bin/node', '/usr/local/bin/node', '/bin/node']);
  try {
    const found = execFileSync('which', ['-a', 'node'], { encoding: 'utf8' });
    for (const line of found.split('\n')) if (line.trim() !== '') candidates.add(line.trim());
  } catch {
    // no `which`: the fixed candidates only
  }
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const run = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const found = run.stdout?.trim() ?? '';
    if (run.status === 0 && Number(found.split('.')[0]) < 24) return { path: candidate, version: found };
  }
  return undefined;
};

describe('the upload-sessions CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cli-e2e-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its version and its usage', async () => {
    const shown = await runCliChild(['--version'], {});
    expect([shown.code, shown.stdout]).toEqual([0, `${version}\n`]);
    const help = await runCliChild(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: upload-sessions <command>/);
    expect(help.stdout).toContain('hash-password [<password>]');
    expect(help.stdout).toContain('--create');
  });

  it('refuses to create an empty store where none is (a run from another folder), unless --create', async () => {
    const refused = await runCliChild(['status'], {}, { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`no event store at ${path.join(dir, 'data', 'events.sqlite')}`);
    expect(refused.stderr).toContain('--create');
    expect(existsSync(path.join(dir, 'data'))).toBe(false);

    const created = await runCliChild(['status', '--create'], { DATA_DIR: path.join(dir, 'store') });
    expect(created.code).toBe(0);
    expect(created.stderr).toBe(`event store: sqlite:${path.join(dir, 'store', 'events.sqlite')}\n`);
    expect(created.stdout).toContain('head of the log: (empty)');
    expect(existsSync(path.join(dir, 'store', 'events.sqlite'))).toBe(true);

    // Once it exists, the store opens without --create, and the CLI says which one it opened.
    const again = await runCliChild(['audit', 'session', 'no-such-session'], {
      DATA_DIR: path.join(dir, 'store'),
    });
    expect(again.stderr).toContain(`event store: sqlite:${path.join(dir, 'store', 'events.sqlite')}\n`);
    expect(again.code).toBe(3);
  });

  it('hash-password hashes its argument, or reads the password from stdin and says so', async () => {
    const given = await runCliChild(['hash-password', 'correct horse'], {});
    expect([given.code, given.stderr]).toEqual([0, '']);
    expect(await verifyPassword('correct horse', given.stdout.trim())).toBe(true);

    const piped = await runCliChild(['hash-password'], {}, { stdin: 'battery staple\n' });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toContain('reading the password from stdin');
    expect(await verifyPassword('battery staple', piped.stdout.trim())).toBe(true);

    const empty = await runCliChild(['hash-password'], {}, { stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe('');
  });

  it('on a Node older than 24, the bin says how to run it instead of a stack', () => {
    const old = olderNode();
    if (old === undefined) {
      console.log('skipped: no Node.js older than 24 on this machine (which -a node, /usr/bin/node)');
      return;
    }
    const run = spawnSync(old.path, [BIN, 'audit', 'session', 'x'], { encoding: 'utf8', cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`this is Node.js ${old.version}`);
    expect(run.stderr).toMatch(/run it with \.\/dev cli … .*or put Node 24 on PATH/is);
    expect(run.stderr).not.toMatch(/ERR_UNKNOWN_BUILTIN_MODULE|\n\s+at /);
    console.log(`ran the bin under ${old.path} (Node.js ${old.version}): ${run.stderr.split('\n')[0]}`);
  });
});
