import fc from 'fast-check';
import { isRight } from 'fp-ts/Either';
import type { Checksum } from './checksum';
import { UploadSessionCommand } from './commands';
import { decide } from './decide';
import { foldEvents, uploadSessionDecider } from './decider';
import type { DeclaredFile } from './declared-file';
import { deserializeEvent, serializeEvent } from './event-serialization';
import { UploadSessionEvent, uploadSessionEventTypes, type UploadSessionEventType } from './events';
import { at } from './test-support/fixtures';
import { initialState, isTerminalStatus, type UploadSessionState } from './upload-session-state';

// Random command sequences run through decide + evolve, as the app would run them. The pools are
// small on purpose, so names collide, sizes match or not, and sessions reach every status.

const NUM_RUNS = 300;

const names = ['disk.vmdk', 'disk.ovf', 'part-00001', 'part-00002'];
const checksums: Checksum[] = [
  { algorithm: 'SHA256', value: 'aa'.repeat(32) },
  { algorithm: 'SHA256', value: 'bb'.repeat(32) },
  { algorithm: 'MD5', value: 'cc'.repeat(16) },
];
const etags = ['"e1"', '"e2"'];

const name = fc.constantFrom(...names);
const checksum = fc.constantFrom(...checksums);
const declaredFile: fc.Arbitrary<DeclaredFile> = fc.record({
  name,
  size: fc.constantFrom(null, 0, 10),
  checksum: fc.option(checksum, { freq: 2 }),
});

/**
 * A command still to be built: `now` (and expiries) are filled in as the sequence advances, and a
 * few builders look at the state, as a well-behaved client would, so that sessions also complete.
 */
type Timeless = (now: number, state: UploadSessionState) => UploadSessionCommand;

const filesOf = (state: UploadSessionState) => (state.status === 'NONE' ? [] : state.files);

/** Content that matches a declared file (what an honest client uploads). */
const recordDeclared: fc.Arbitrary<Timeless> = fc
  .tuple(fc.nat(), fc.constantFrom(...etags))
  .map(([index, etag]) => (now: number, state: UploadSessionState) => {
    const files = filesOf(state);
    const file = files[index % Math.max(files.length, 1)];
    return {
      type: 'RecordContent',
      name: file?.name ?? names[0]!,
      size: file?.declaredSize ?? 10,
      checksum: file?.declaredChecksum ?? checksums[0]!,
      etag,
      now: at(now),
    } as const;
  });

/** Complete with the parts and etags that were recorded (BlendVision), or with no parts (vSphere). */
const completeHonestly: fc.Arbitrary<Timeless> = fc.boolean().map(
  (withParts) => (now: number, state: UploadSessionState) =>
    ({
      type: 'CompleteUploadSession',
      parts: withParts
        ? filesOf(state).flatMap((f) =>
            f.received === null ? [] : [{ name: f.name, etag: f.received.etag }],
          )
        : null,
      now: at(now),
    }) as const,
);

const start: fc.Arbitrary<Timeless> = fc
  .record({
    sessionId: fc.constantFrom('s-1', 's-2'),
    target: fc.constantFrom(
      { kind: 'library-item', libraryItemId: 'item-1', contentVersion: '1' } as const,
      { kind: 'file', fileId: 'file-1' } as const,
    ),
    files: fc.uniqueArray(declaredFile, { maxLength: 3, selector: (f) => f.name }),
    ttl: fc.integer({ min: -5, max: 600 }),
    clientToken: fc.constantFrom(null, 'tok-1'),
  })
  .map(({ ttl, ...rest }) => (now) => ({
    type: 'StartUploadSession',
    organizationId: 'org-1',
    ...rest,
    expiresAt: at(now + ttl),
    now: at(now),
  }));

const addFile = declaredFile.map(
  (file) => (now: number) => ({ type: 'AddFile', ...file, now: at(now) }) as const,
);
const removeFile = name.map((n) => (now: number) => ({ type: 'RemoveFile', name: n, now: at(now) }) as const);
const recordAnything = fc
  .record({ name, size: fc.constantFrom(0, 10, 11), checksum, etag: fc.constantFrom(...etags) })
  .map((content) => (now: number) => ({ type: 'RecordContent', ...content, now: at(now) }) as const);
const completeAnyhow = fc
  .option(fc.array(fc.record({ name, etag: fc.constantFrom(...etags) }), { maxLength: 4 }))
  .map((parts) => (now: number) => ({ type: 'CompleteUploadSession', parts, now: at(now) }) as const);
const cancel = fc.constant(
  (now: number) => ({ type: 'CancelUploadSession', reason: 'client', now: at(now) }) as const,
);
const fail = fc.constant(
  (now: number) => ({ type: 'FailUploadSession', message: 'gave up', now: at(now) }) as const,
);
const keepAlive = fc
  .record({
    ttl: fc.integer({ min: -5, max: 600 }),
    clientProgress: fc.option(fc.integer({ min: 0, max: 100 })),
  })
  .map(
    ({ ttl, clientProgress }) =>
      (now: number) =>
        ({ type: 'KeepAliveUploadSession', expiresAt: at(now + ttl), clientProgress, now: at(now) }) as const,
  );
const expire = fc.constant((now: number) => ({ type: 'ExpireUploadSession', now: at(now) }) as const);
const updateWarningBehavior = fc
  .array(
    fc.record({
      type: fc.constantFrom('EXPIRED_CERTIFICATE', 'SELF_SIGNED_CERTIFICATE'),
      ignored: fc.boolean(),
    }),
    {
      maxLength: 2,
    },
  )
  .map(
    (warningBehavior) => (now: number) =>
      ({ type: 'UpdateWarningBehavior', warningBehavior, now: at(now) }) as const,
  );
const deleteSession = fc.constant((now: number) => ({ type: 'DeleteUploadSession', now: at(now) }) as const);

// Weighted towards the work of a session, so that sequences often live long enough to complete.
const otherCommand: fc.Arbitrary<Timeless> = fc.oneof(
  { arbitrary: recordDeclared, weight: 6 },
  { arbitrary: addFile, weight: 3 },
  { arbitrary: recordAnything, weight: 2 },
  { arbitrary: completeHonestly, weight: 2 },
  { arbitrary: keepAlive, weight: 2 },
  { arbitrary: removeFile, weight: 1 },
  { arbitrary: completeAnyhow, weight: 1 },
  { arbitrary: cancel, weight: 1 },
  { arbitrary: fail, weight: 1 },
  { arbitrary: expire, weight: 1 },
  { arbitrary: updateWarningBehavior, weight: 1 },
  { arbitrary: deleteSession, weight: 1 },
  { arbitrary: start, weight: 1 },
);

/** Builders and the seconds before each (1 to 60); mostly begins with a start. */
type Script = readonly (readonly [Timeless, number])[];

const commandSequence: fc.Arbitrary<Script> = fc
  .tuple(
    fc.option(start, { freq: 6 }),
    fc.array(fc.tuple(otherCommand, fc.integer({ min: 1, max: 60 })), { maxLength: 30, size: 'max' }),
  )
  .map(([first, rest]) => (first === null ? rest : [[first, 0] as const, ...rest]));

interface Run {
  readonly events: readonly UploadSessionEvent[];
  /** The state each event was decided in. */
  readonly statesBefore: readonly UploadSessionState[];
  /** The command each event was decided from. */
  readonly commands: readonly UploadSessionCommand[];
  readonly final: UploadSessionState;
}

const run = (script: Script): Run => {
  let state = uploadSessionDecider.initialState;
  let now = 0;
  const events: UploadSessionEvent[] = [];
  const statesBefore: UploadSessionState[] = [];
  const commands: UploadSessionCommand[] = [];
  for (const [build, step] of script) {
    now += step;
    const command = build(now, state);
    const decision = uploadSessionDecider.decide(command, state);
    if (!isRight(decision)) continue;
    for (const event of decision.right) {
      events.push(event);
      statesBefore.push(state);
      commands.push(command);
      state = uploadSessionDecider.evolve(state, event);
    }
  }
  return { events, statesBefore, commands, final: state };
};

const terminalEvents: readonly UploadSessionEventType[] = [
  'UploadSessionCompleted',
  'UploadSessionCanceled',
  'UploadSessionFailed',
];

describe('UploadSession decider properties', () => {
  it('reaches every event type and often completes, so the properties below are not vacuous', () => {
    // A fixed seed: this checks the generator, and must not flicker.
    const runs = fc.sample(commandSequence, { numRuns: 2000, seed: 42 }).map(run);
    const seen = new Set(runs.flatMap((r) => r.events.map((e) => e.type)));
    expect([...seen].sort()).toEqual([...uploadSessionEventTypes].sort());
    const completed = runs.filter((r) => r.events.some((e) => e.type === 'UploadSessionCompleted')).length;
    expect(completed).toBeGreaterThan(runs.length * 0.03);
  });

  it('after Completed, Canceled or Failed only a single Deleted may follow, and nothing after it', () => {
    fc.assert(
      fc.property(commandSequence, (commands) => {
        const types = run(commands).events.map((e) => e.type);
        const end = types.findIndex((type) => terminalEvents.includes(type));
        const after = end === -1 ? [] : types.slice(end + 1);
        expect(after.length).toBeLessThanOrEqual(1);
        expect(after.every((type) => type === 'UploadSessionDeleted')).toBe(true);
        expect(types.slice(0, end === -1 ? types.length : end + 1)).not.toContain('UploadSessionDeleted');
        expect(types.filter((type) => type === 'UploadSessionStarted').length).toBe(
          types.length === 0 ? 0 : 1,
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('emits nothing in a terminal state but Deleted, and nothing at all once deleted', () => {
    fc.assert(
      fc.property(commandSequence, (commands) => {
        const { events, statesBefore } = run(commands);
        events.forEach((event, i) => {
          const before = statesBefore[i]?.status ?? 'NONE';
          if (isTerminalStatus(before)) expect(event.type).toBe('UploadSessionDeleted');
          expect(before).not.toBe('DELETED');
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never emits Canceled after Completed', () => {
    fc.assert(
      fc.property(commandSequence, (commands) => {
        const types = run(commands).events.map((e) => e.type);
        const completed = types.indexOf('UploadSessionCompleted');
        expect(completed === -1 || !types.slice(completed).includes('UploadSessionCanceled')).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('completes only with every file (vSphere) or every listed part (BlendVision) READY, handing over exactly what was received', () => {
    fc.assert(
      fc.property(commandSequence, (script) => {
        const { events, statesBefore, commands } = run(script);
        events.forEach((event, i) => {
          const before = statesBefore[i];
          const command = commands[i];
          if (event.type !== 'UploadSessionCompleted' || before === undefined || before.status === 'NONE')
            return;
          if (command?.type !== 'CompleteUploadSession') throw new Error('completed by another command');
          const listed = command.parts === null ? null : new Set(command.parts.map((part) => part.name));
          const completing = before.files.filter((file) => listed === null || listed.has(file.name));
          expect(completing.length).toBeGreaterThan(0);
          expect(completing.every((file) => file.status === 'READY')).toBe(true);
          expect(event.data.files).toEqual(
            completing.map((f) => ({
              name: f.name,
              size: f.received?.size,
              checksum: f.received?.checksum,
              etag: f.received?.etag,
            })),
          );
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('names every received file for deletion when the session is canceled or fails', () => {
    fc.assert(
      fc.property(commandSequence, (commands) => {
        const { events, statesBefore } = run(commands);
        events.forEach((event, i) => {
          const before = statesBefore[i];
          if (before === undefined || before.status === 'NONE') return;
          if (event.type === 'UploadSessionCanceled' || event.type === 'UploadSessionFailed') {
            const received = before.files.filter((f) => f.received !== null).map((f) => f.name);
            expect([...event.data.contentToDelete].sort()).toEqual(received.sort());
          }
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('folds the same events to the same state, however often and from however they were stored', () => {
    fc.assert(
      fc.property(commandSequence, fc.nat(), (commands, cut) => {
        const { events, final } = run(commands);
        expect(foldEvents(events)).toEqual(final);
        expect(foldEvents(events)).toEqual(foldEvents(events));
        expect(foldEvents(JSON.parse(JSON.stringify(events)))).toEqual(final);
        const split = events.length === 0 ? 0 : cut % (events.length + 1);
        expect(foldEvents(events.slice(split), foldEvents(events.slice(0, split)))).toEqual(final);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('round-trips every emitted event through serializeEvent/deserializeEvent and its codec', () => {
    fc.assert(
      fc.property(commandSequence, (commands) => {
        for (const event of run(commands).events) {
          const stored = JSON.parse(JSON.stringify(serializeEvent(event)));
          expect(deserializeEvent(stored)).toEqual({ _tag: 'Right', right: event });
          expect(UploadSessionEvent.decode(JSON.parse(JSON.stringify(event)))).toEqual({
            _tag: 'Right',
            right: event,
          });
          expect(UploadSessionEvent.encode(event)).toEqual(event);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never throws for any command that decodes, in any reachable state', () => {
    const tamper = (command: UploadSessionCommand): fc.Arbitrary<unknown> =>
      fc
        .tuple(fc.constantFrom(...Object.keys(command)), fc.jsonValue({ maxDepth: 2 }))
        .map(([key, value]) => ({ ...command, [key]: value }));
    const rawCommand = fc.oneof(
      otherCommand.map((c) => c(100, initialState)),
      otherCommand.chain((c) => tamper(c(100, initialState))),
      fc.anything(),
    );
    fc.assert(
      fc.property(commandSequence, rawCommand, (commands, raw) => {
        const decoded = UploadSessionCommand.decode(raw);
        if (!isRight(decoded)) return;
        for (const state of [initialState, run(commands).final]) {
          const decision = decide(decoded.right, state);
          if (isRight(decision))
            expect(decision.right.every((event) => UploadSessionEvent.is(event))).toBe(true);
          else expect(typeof decision.left._tag).toBe('string');
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
