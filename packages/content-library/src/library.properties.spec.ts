import fc from 'fast-check';
import {
  foldLibraryItem,
  libraryItemDecider,
  type LibraryItemState,
} from './library-item/library-item-decider';
import type { LibraryItemCommand } from './library-item/library-item-commands';
import { LibraryItemEvent, libraryItemEvents } from './library-item/library-item-events';
import {
  foldLocalLibrary,
  localLibraryDecider,
  type LocalLibraryState,
} from './local-library/local-library-decider';
import type { LocalLibraryCommand } from './local-library/local-library-commands';
import { LocalLibraryEvent, localLibraryEvents } from './local-library/local-library-events';
import { isoFile, itemCommand, libraryCommand } from './testing/fixtures';

const sessions = ['s-1', 's-2', 's-3'];
const session = fc.constantFrom(...sessions);
const minute = fc.nat({ max: 500 });

const itemCommands: fc.Arbitrary<LibraryItemCommand> = fc.oneof(
  { weight: 1, arbitrary: minute.map((m) => itemCommand.create(m)) },
  {
    weight: 4,
    arbitrary: fc.tuple(session, fc.boolean(), minute).map(([s, free, m]) => itemCommand.claim(s, free, m)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        session,
        fc.array(fc.constantFrom(isoFile('a.iso', 1), isoFile('b.iso', 0)), { maxLength: 2 }),
        minute,
      )
      .map(([s, files, m]) => itemCommand.commit(s, files, m)),
  },
);

/** Runs commands one by one, keeping what was accepted. */
const run = <C, E, S>(
  decider: {
    decide: (c: C, s: S) => { _tag: 'Left' } | { _tag: 'Right'; right: readonly E[] };
    evolve: (s: S, e: E) => S;
    initialState: S;
  },
  commands: readonly C[],
) => {
  let state = decider.initialState;
  const events: E[] = [];
  const steps: { before: S; command: C; accepted: readonly E[] | null }[] = [];
  for (const command of commands) {
    const decided = decider.decide(command, state);
    const before = state;
    if (decided._tag === 'Right') {
      events.push(...decided.right);
      state = decided.right.reduce(decider.evolve, state);
    }
    steps.push({ before, command, accepted: decided._tag === 'Right' ? decided.right : null });
  }
  return { state, events, steps };
};

const active = (state: LibraryItemState) => (state.status === 'ACTIVE' ? state : undefined);

describe('library item properties', () => {
  const commands = fc.array(itemCommands, { maxLength: 25 });

  it('folding the emitted events gives the state reached step by step (and is deterministic)', () => {
    fc.assert(
      fc.property(commands, (cs) => {
        const { state, events } = run(libraryItemDecider, cs);
        expect(foldLibraryItem(events)).toEqual(state);
        expect(foldLibraryItem(events)).toEqual(foldLibraryItem(events));
      }),
    );
  });

  it('every emitted event is valid and survives a trip through the store', () => {
    fc.assert(
      fc.property(commands, (cs) => {
        for (const event of run(libraryItemDecider, cs).events) {
          expect(LibraryItemEvent.is(event)).toBe(true);
          const stored = JSON.parse(JSON.stringify(libraryItemEvents.serialize(event)));
          expect(libraryItemEvents.deserialize(stored)).toEqual({ _tag: 'Right', right: event });
        }
      }),
    );
  });

  it('one active session: a claim by another session while the holder keeps the item is refused', () => {
    fc.assert(
      fc.property(commands, (cs) => {
        for (const { before, command, accepted } of run(libraryItemDecider, cs).steps) {
          if (command.type !== 'ClaimLibraryItem') continue;
          const holder = active(before)?.claimedBy ?? null;
          const takesOver = holder !== null && holder !== command.sessionId;
          if (takesOver && !command.claimIsFree) expect(accepted).toBeNull();
          if (accepted !== null && accepted.length > 0)
            expect(holder === null || command.claimIsFree).toBe(true);
        }
      }),
    );
  });

  it('content versions count the committing sessions, each once', () => {
    fc.assert(
      fc.property(commands, (cs) => {
        const item = active(run(libraryItemDecider, cs).state);
        if (item === undefined) return;
        const versions = Object.values(item.committed).sort((a, b) => a - b);
        expect(item.contentVersion).toBe(1 + versions.length);
        expect(versions).toEqual(versions.map((_, i) => i + 2));
        expect(item.version).toBe(item.contentVersion);
      }),
    );
  });
});

const libraryCommands: fc.Arbitrary<LocalLibraryCommand> = fc.oneof(
  { weight: 1, arbitrary: minute.map((m) => libraryCommand.create(m)) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom('i-1', 'i-2', 'i-3'),
        fc.constantFrom('ubuntu', 'debian'),
        fc.subarray(['i-1', 'i-2', 'i-3']),
        minute,
      )
      .map(([id, name, live, m]) => libraryCommand.addItem(id, name, live, m)),
  },
);

describe('local library properties', () => {
  const commands = fc.array(libraryCommands, { maxLength: 20 });

  it('folding the emitted events gives the state reached step by step; events round-trip', () => {
    fc.assert(
      fc.property(commands, (cs) => {
        const { state, events } = run(localLibraryDecider, cs);
        expect(foldLocalLibrary(events)).toEqual(state);
        for (const event of events) {
          expect(LocalLibraryEvent.is(event)).toBe(true);
          const stored = JSON.parse(JSON.stringify(localLibraryEvents.serialize(event)));
          expect(localLibraryEvents.deserialize(stored)).toEqual({ _tag: 'Right', right: event });
        }
      }),
    );
  });

  it('lists each item once; an added name is never held by another item the caller called live', () => {
    fc.assert(
      fc.property(commands, (cs) => {
        const { state, steps } = run(localLibraryDecider, cs);
        const ids =
          (state as LocalLibraryState & { items?: readonly { id: string }[] }).items?.map((i) => i.id) ?? [];
        expect(new Set(ids).size).toBe(ids.length);
        for (const { before, command, accepted } of steps) {
          if (command.type !== 'AddItem' || accepted === null || accepted.length === 0) continue;
          const others = before.status === 'ACTIVE' ? before.items : [];
          expect(others.some((i) => i.name === command.name && command.liveItemIds.has(i.id))).toBe(false);
        }
      }),
    );
  });
});
