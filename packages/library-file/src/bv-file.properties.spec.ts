import fc from 'fast-check';
import type { BvFileCommand } from './bv-file-commands';
import { bvFileDecider, foldBvFile } from './bv-file-decider';
import { BvFileEvent, bvFileEvents } from './bv-file-events';
import { FILE, createFile, day } from './testing/fixtures';

const metadata = fc.record({
  shortDescription: fc.string({ maxLength: 5 }),
  longDescription: fc.string({ maxLength: 5 }),
  labels: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
});
const when = fc.nat({ max: 100 }).map(day);
const command: fc.Arbitrary<BvFileCommand> = fc.oneof(
  when.map((now) => ({ ...createFile, now })),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.option(metadata), when)
    .map(([name, m, now]) => ({ type: 'UpdateBvFile' as const, fileId: FILE, name, metadata: m, now })),
  when.map((now) => ({ type: 'DeleteBvFile' as const, fileId: FILE, now })),
);

describe('BlendVision file properties', () => {
  it('folding the emitted events gives the state reached step by step; every event round-trips', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 15 }), (commands) => {
        let state = bvFileDecider.initialState;
        const events: BvFileEvent[] = [];
        for (const c of commands) {
          const decided = bvFileDecider.decide(c, state);
          if (decided._tag === 'Left') continue;
          events.push(...decided.right);
          state = foldBvFile(decided.right, state);
        }
        expect(foldBvFile(events)).toEqual(state);
        for (const event of events) {
          expect(BvFileEvent.is(event)).toBe(true);
          const stored = JSON.parse(JSON.stringify(bvFileEvents.serialize(event)));
          expect(bvFileEvents.deserialize(stored)).toEqual({ _tag: 'Right', right: event });
        }
        // Once deleted, a file takes no further event.
        const deletedAt = events.findIndex((e) => e.type === 'BvFileDeleted');
        if (deletedAt >= 0) expect(events.length).toBe(deletedAt + 1);
      }),
    );
  });
});
