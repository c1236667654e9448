import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { serializeEvent, uploadSessionDecider, type UploadSessionCommand } from '@upload-sessions/domain';
import type { EventStore } from '@upload-sessions/event-store';
import { KurrentDbEventStore } from '@upload-sessions/event-store-kurrentdb';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { runDecider } from '@upload-sessions/service-core/event-sourcing/run-decider';
import { uploadSessionStream } from '@upload-sessions/service-core/event-sourcing/stream-names';
import { decodeUploadSessionEvent } from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';
import { parseOrganizationQuery } from '@upload-sessions/read-side/audit/audit-query';
import { AuditTrail, auditedStreamPrefixes } from '@upload-sessions/read-side/audit/audit-trail';
import { serviceReadModels } from '../../src/app/service-read-models';

/** The stream categories the service's read models read: what the service audits. */
const AUDITED = auditedStreamPrefixes(serviceReadModels);

interface StoreFactory {
  readonly name: string;
  /** Undefined: not available here (the reason is printed). */
  readonly open: (() => Promise<{ store: EventStore; close: () => Promise<void> }>) | undefined;
}

const kurrent = process.env['KURRENTDB_CONNECTION_STRING'];
const factories: StoreFactory[] = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'audit-'));
      const opened = await SqliteEventStore.open({
        path: join(dir, 'events.sqlite'),
        externalChangePollMs: 0,
      });
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      return {
        store: opened.right,
        close: async () => {
          await opened.right.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'KurrentDB',
    open:
      kurrent === undefined || kurrent === ''
        ? undefined
        : async () => {
            const created = KurrentDbEventStore.fromConnectionString(kurrent);
            if (E.isLeft(created)) throw new Error(created.left.message);
            return { store: created.right, close: () => created.right.close() };
          },
  },
];

const codec = { encode: serializeEvent, decode: decodeUploadSessionEvent };

for (const factory of factories) {
  const title = `AuditTrail [${factory.name}]`;
  if (factory.open === undefined) {
    console.log(
      `Skipping "${title}": KURRENTDB_CONNECTION_STRING is not set (no KurrentDB server to run against).`,
    );
    describe.skip(title, () => undefined);
    continue;
  }
  const open = factory.open;
  describe(title, () => {
    let store: EventStore;
    let close: () => Promise<void>;
    // Unique names: a KurrentDB server keeps what earlier runs wrote.
    const run = randomUUID().slice(0, 8);
    const acme = `acme-${run}`;
    const other = `other-${run}`;
    const ids = { a: randomUUID(), b: randomUUID(), foreign: randomUUID() };
    const ctx = (
      org: string,
      user: string,
      correlationId: string,
      causationId: string | null = randomUUID(),
    ): CommandContext => ({
      actor: { id: user, kind: 'user' },
      organizationId: org,
      correlationId,
      causationId,
    });
    let clock = Date.parse('2026-05-01T10:00:00.000Z');
    const at = (iso: string) => () => new Date((clock = Date.parse(iso)));
    const send = async (
      id: string,
      context: CommandContext,
      command: UploadSessionCommand,
      now: () => Date,
    ) => {
      const r = await runDecider({
        store,
        streamName: uploadSessionStream(id),
        decider: uploadSessionDecider,
        codec,
        command: () => E.right(command),
        context,
        retries: 0,
        now,
      });
      if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
    };
    const start = (id: string, org: string): UploadSessionCommand => ({
      type: 'StartUploadSession',
      sessionId: id,
      organizationId: org,
      target: { kind: 'file', fileId: randomUUID() },
      files: [{ name: 'part-00001', size: null, checksum: null }],
      expiresAt: '2026-06-01T00:00:00.000Z',
      clientToken: null,
      now: new Date(clock).toISOString(),
    });

    // Where this run's events begin (a KurrentDB server may hold a long log already).
    let from: string | undefined;
    beforeAll(async () => {
      ({ store, close } = await open());
      const head = await store.headPosition();
      from = E.isRight(head) ? head.right : undefined;
      await send(
        ids.a,
        ctx(acme, 'alice', 'req-a1', null),
        start(ids.a, acme),
        at('2026-05-01T10:00:00.000Z'),
      );
      await send(
        ids.foreign,
        ctx(other, 'mallory', 'req-x1'),
        start(ids.foreign, other),
        at('2026-05-01T10:30:00.000Z'),
      );
      await send(ids.b, ctx(acme, 'bob', 'req-b1'), start(ids.b, acme), at('2026-05-01T11:00:00.000Z'));
      await send(
        ids.a,
        ctx(acme, 'alice', 'req-a2', 'cause-a2'),
        {
          type: 'KeepAliveUploadSession',
          expiresAt: '2026-06-02T00:00:00.000Z',
          clientProgress: 40,
          now: '2026-05-01T12:00:00.000Z',
        },
        at('2026-05-01T12:00:00.000Z'),
      );
      await send(
        ids.a,
        ctx(acme, 'alice', 'req-a3'),
        { type: 'CancelUploadSession', reason: 'client', now: '2026-05-01T13:00:00.000Z' },
        at('2026-05-01T13:00:00.000Z'),
      );
      await send(
        ids.b,
        ctx(acme, 'bob', 'req-b2'),
        { type: 'FailUploadSession', message: 'gave up', now: '2026-05-01T14:00:00.000Z' },
        at('2026-05-01T14:00:00.000Z'),
      );
      await send(
        ids.b,
        ctx(acme, 'carol', 'req-b3'),
        { type: 'DeleteUploadSession', now: '2026-05-01T15:00:00.000Z' },
        at('2026-05-01T15:00:00.000Z'),
      );
    });
    afterAll(() => close());

    it("tells one session's whole history in order: type, data, time, actor, organization, correlation and causation", async () => {
      const history = await new AuditTrail(store, AUDITED).sessionHistory(ids.a, acme);
      if (E.isLeft(history)) throw new Error(JSON.stringify(history.left));
      expect(history.right.organizationId).toBe(acme);
      expect(
        history.right.events.map((e) => [
          e.type,
          e.occurredAt,
          e.actor?.id,
          e.organizationId,
          e.correlationId,
          e.revision,
        ]),
      ).toEqual([
        ['UploadSessionStarted', '2026-05-01T10:00:00.000Z', 'alice', acme, 'req-a1', 0],
        ['UploadSessionKeptAlive', '2026-05-01T12:00:00.000Z', 'alice', acme, 'req-a2', 1],
        ['UploadSessionCanceled', '2026-05-01T13:00:00.000Z', 'alice', acme, 'req-a3', 2],
      ]);
      expect(history.right.events[0]?.causationId).toBeNull();
      expect(history.right.events[1]?.causationId).toBe('cause-a2');
      expect(history.right.events[1]?.data).toMatchObject({ clientProgress: 40 });
      const positions = history.right.events.map((e) => e.position);
      expect([...positions].sort()).toEqual(positions);
    });

    it('shows a deleted session too, and hides another organization’s', async () => {
      const trail = new AuditTrail(store, AUDITED);
      const deleted = await trail.sessionHistory(ids.b, acme);
      expect(E.isRight(deleted) && deleted.right.events.map((e) => e.actor?.id)).toEqual([
        'bob',
        'bob',
        'carol',
      ]);
      expect(await trail.sessionHistory(ids.foreign, acme)).toEqual(
        E.left({ _tag: 'AuditSessionNotFound', sessionId: ids.foreign }),
      );
      expect(await trail.sessionHistory(randomUUID(), acme)).toMatchObject(
        E.left({ _tag: 'AuditSessionNotFound' }),
      );
    });

    /** Every page of a query from this run's start, concatenated. */
    const query = async (raw: Record<string, string>, trail = new AuditTrail(store, AUDITED)) => {
      const events = [];
      let after = from;
      for (let pages = 0; pages < 1000; pages++) {
        const parsed = parseOrganizationQuery(acme, { ...raw, ...(after !== undefined ? { after } : {}) });
        if (E.isLeft(parsed)) throw new Error(JSON.stringify(parsed.left));
        const page = await trail.organizationEvents(parsed.right);
        if (E.isLeft(page)) throw new Error(JSON.stringify(page.left));
        events.push(...page.right.events);
        if (page.right.next === null) return { events, pages: pages + 1 };
        after = page.right.next;
      }
      throw new Error('too many pages');
    };

    it("lists an organization's events filtered by time range, type, actor and correlation id", async () => {
      const all = await query({});
      expect(all.events.map((e) => `${e.type}/${e.actor?.id}`)).toEqual([
        'UploadSessionStarted/alice',
        'UploadSessionStarted/bob',
        'UploadSessionKeptAlive/alice',
        'UploadSessionCanceled/alice',
        'UploadSessionFailed/bob',
        'UploadSessionDeleted/carol',
      ]);
      expect(all.pages).toBe(1);
      expect(all.events.every((e) => e.organizationId === acme)).toBe(true);
      expect(
        (await query({ since: '2026-05-01T11:00:00Z', until: '2026-05-01T14:00:00Z' })).events.map(
          (e) => e.occurredAt,
        ),
      ).toEqual(['2026-05-01T11:00:00.000Z', '2026-05-01T12:00:00.000Z', '2026-05-01T13:00:00.000Z']);
      expect(
        (await query({ type: 'UploadSessionCanceled,UploadSessionFailed' })).events.map((e) => e.type),
      ).toEqual(['UploadSessionCanceled', 'UploadSessionFailed']);
      expect((await query({ actor: 'bob' })).events.map((e) => e.type)).toEqual([
        'UploadSessionStarted',
        'UploadSessionFailed',
      ]);
      expect((await query({ correlation_id: 'req-a2' })).events.map((e) => e.type)).toEqual([
        'UploadSessionKeptAlive',
      ]);
      expect((await query({ actor: 'mallory' })).events).toEqual([]);
    });

    it('pages by position: limits and scan budgets continue exactly where they stopped', async () => {
      const all = (await query({})).events.map((e) => e.eventId);
      expect(all).toHaveLength(6);
      for (const [limit, scanBudget] of [
        [1, 1000],
        [2, 1000],
        [1000, 1],
        [2, 3],
      ] as const) {
        const paged = await query(
          { limit: String(limit) },
          new AuditTrail(store, AUDITED, { scanBudget, readPageSize: 2 }),
        );
        expect(paged.events.map((e) => e.eventId)).toEqual(all);
        expect(paged.pages).toBeGreaterThan(1);
      }
    });
  });
}

describe('parseOrganizationQuery', () => {
  const now = new Date('2026-05-02T00:00:00.000Z');
  it('takes ISO times, dates, durations ago, repeated or comma-separated types', () => {
    expect(
      parseOrganizationQuery(
        'acme',
        { since: '24h', until: '2026-05-01', type: ['A,B', 'C'], limit: '5' },
        now,
      ),
    ).toEqual(
      E.right({
        organizationId: 'acme',
        since: '2026-05-01T00:00:00.000Z',
        until: '2026-05-01T00:00:00.000Z',
        types: ['A', 'B', 'C'],
        limit: 5,
      }),
    );
  });
  it.each([
    { since: 'yesterday' },
    { until: '2026-13-45T99:00' },
    { limit: '0' },
    { limit: '5000' },
    { after: '12' },
    { actor: '' },
    { bogus: 1, limit: 'x' },
  ])('refuses %j with a message', (raw) => {
    const parsed = parseOrganizationQuery('acme', raw, now);
    expect(E.isLeft(parsed) && parsed.left._tag).toBe('InvalidAuditQuery');
  });
});
