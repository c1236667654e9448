import * as E from 'fp-ts/Either';
import { InMemoryEventStore } from '@upload-sessions/event-store';
import { assumingNewStream } from './assuming-new-stream';
import { runCommand } from './command-runner';
import { competingAppend, counterRequest, spiedReads } from './counter.fixture';

describe('assumingNewStream (a stream named after a fresh id)', () => {
  it('decides on the initial state without reading, and reads after losing the no_stream check', async () => {
    const store = new InMemoryEventStore();
    const reads = spiedReads(store);
    const run = () =>
      assumingNewStream(runCommand)(
        counterRequest({ store, command: () => E.right({ add: 4 }), retries: 1 }),
      );
    const first = await run();
    expect(E.isRight(first) && first.right.after).toBe(4);
    expect(reads).toHaveLength(0);
    // The name was not new after all: the append is refused, and the retry decides on what is there.
    const second = await run();
    expect(E.isRight(second) && [second.right.before, second.right.after]).toEqual([4, 8]);
    expect(reads).toHaveLength(1);
  });

  it('counts the lost first attempt as a lost race', async () => {
    const store = new InMemoryEventStore();
    await competingAppend(store, 'c-1');
    let calls = 0;
    const result = await assumingNewStream(runCommand)(
      counterRequest({
        store,
        command: () => {
          calls++;
          return E.right({ add: 1 });
        },
        retries: 0,
      }),
    );
    // No retries left after the first attempt lost: one look at the state reached, which accepts.
    expect(result).toEqual(E.left({ _tag: 'Concurrency', streamName: 'c-1', attempts: 1 }));
    expect(calls).toBe(2);
  });
});
