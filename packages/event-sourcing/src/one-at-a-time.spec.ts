import * as E from 'fp-ts/Either';
import { InMemoryEventStore } from '@upload-sessions/event-store';
import { runCommand } from './command-runner';
import { counterRequest } from './counter.fixture';
import { oneAtATime, serialised } from './one-at-a-time';

describe('oneAtATime', () => {
  it('runs the commands of this process on one stream one at a time: none loses a race', async () => {
    const store = new InMemoryEventStore();
    let appends = 0;
    const appendToStream = store.appendToStream.bind(store);
    store.appendToStream = async (...args) => {
      const result = await appendToStream(...args);
      if (E.isLeft(result)) throw new Error(`a command lost a race: ${result.left._tag}`);
      appends++;
      return result;
    };
    const run = oneAtATime(runCommand);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        run(counterRequest({ store, command: () => E.right({ add: 1 }), retries: 0 })),
      ),
    );
    expect(results.every(E.isRight)).toBe(true);
    expect(appends).toBe(10);
  });

  it('without it, the same commands race and lose', async () => {
    const store = new InMemoryEventStore();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        runCommand(counterRequest({ store, command: () => E.right({ add: 1 }), retries: 0 })),
      ),
    );
    expect(results.filter(E.isLeft).length).toBeGreaterThan(0);
  });

  it('keeps other streams and other stores apart, and goes on after a failure', async () => {
    const order: string[] = [];
    const storeA = new InMemoryEventStore();
    const storeB = new InMemoryEventStore();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = serialised(storeA, 's', async () => {
      await held;
      order.push('a/s 1');
    });
    const second = serialised(storeA, 's', async () => {
      order.push('a/s 2');
      throw new Error('boom');
    });
    const third = serialised(storeA, 's', async () => order.push('a/s 3'));
    await serialised(storeA, 't', async () => order.push('a/t'));
    await serialised(storeB, 's', async () => order.push('b/s'));
    release();
    await first;
    await expect(second).rejects.toThrow('boom');
    await third;
    expect(order).toEqual(['a/t', 'b/s', 'a/s 1', 'a/s 2', 'a/s 3']);
  });
});
