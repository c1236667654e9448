import { InMemoryEventStore } from './in-memory-event-store';
import { runEventStoreContract } from './testing';
import { isRight } from 'fp-ts/Either';

runEventStoreContract('InMemoryEventStore', async () => {
  const store = new InMemoryEventStore();
  return { store, teardown: () => store.close() };
});

describe('InMemoryEventStore', () => {
  it('has no head position while empty', async () => {
    const store = new InMemoryEventStore();
    const head = await store.headPosition();
    expect(isRight(head) && head.right).toBeUndefined();
  });

  it('answers StoreUnavailable once closed', async () => {
    const store = new InMemoryEventStore();
    await store.close();
    const result = await store.appendToStream('s', [], { expectedRevision: 'any' });
    expect(result).toEqual({ _tag: 'Left', left: expect.objectContaining({ _tag: 'StoreUnavailable' }) });
  });
});
