import type { RecordedEvent } from '@upload-sessions/event-store';
import { isRight } from 'fp-ts/Either';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from './sqlite-event-store';

interface Ack {
  readonly stream: string;
  readonly ids: string[];
  readonly revision: number;
  readonly position: string;
}

const CHILD = join(__dirname, 'kill9', 'append-until-killed.cjs');

/** Runs the appending child until it has acknowledged `killAfter` appends, then SIGKILLs it mid-stream. */
const appendUntilKilled = (path: string, mode: 'group' | 'single', killAfter: number): Promise<Ack[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@upload-sessions/source', CHILD, path, mode, `${mode}-${killAfter}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!killed && stdout.split('\n').length - 1 >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // 'close' comes after the pipes are drained: every line the child wrote before dying is in `stdout`.
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`child ended by itself (code ${code}, signal ${signal}): ${stderr}`));
        return;
      }
      // Only complete lines count: a torn last line was not fully acknowledged to us.
      const lines = stdout.split('\n').slice(0, -1);
      resolve(lines.map((line) => JSON.parse(line) as Ack));
    });
  });

const readEverything = async (path: string): Promise<RecordedEvent[]> => {
  const opened = await SqliteEventStore.open({ path, externalChangePollMs: 0 });
  if (!isRight(opened)) throw new Error(opened.left.message);
  const all = await opened.right.readAll();
  await opened.right.close();
  if (!isRight(all)) throw new Error(all.left.message);
  return [...all.right.events];
};

describe('SqliteEventStore durability under kill -9', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sqlite-kill9-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged append, with contiguous revisions and positions, over repeated kills', async () => {
    const path = join(dir, 'events.db');
    const acknowledged: Ack[] = [];
    const rounds: Array<['group' | 'single', number]> = [
      ['group', 400],
      ['single', 150],
      ['group', 1500],
      ['single', 300],
      ['group', 777],
    ];
    let previousCount = 0;
    for (const [mode, killAfter] of rounds) {
      const acks = await appendUntilKilled(path, mode, killAfter);
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);
      acknowledged.push(...acks);

      const events = await readEverything(path);
      const byId = new Map(events.map((e) => [e.id, e]));
      expect(byId.size).toBe(events.length); // no duplicates
      expect(events.length).toBeGreaterThan(previousCount);
      previousCount = events.length;

      // Every acknowledged event is there, where the acknowledgement said.
      for (const ack of acknowledged) {
        ack.ids.forEach((id, i) => {
          const event = byId.get(id);
          expect(event?.streamName).toBe(ack.stream);
          expect(event?.revision).toBe(ack.revision - (ack.ids.length - 1) + i);
        });
        expect(byId.get(ack.ids.at(-1)!)?.position).toBe(ack.position);
      }

      // Global positions 1..n with no gaps; each stream's revisions 0..k with no gaps.
      expect(events.map((e) => Number(e.position))).toEqual(events.map((_, i) => i + 1));
      const revisions = new Map<string, number[]>();
      for (const e of events)
        revisions.set(e.streamName, [...(revisions.get(e.streamName) ?? []), e.revision]);
      for (const list of revisions.values()) expect(list).toEqual(list.map((_, i) => i));
    }

    const db = new DatabaseSync(path);
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  }, 120_000);
});
