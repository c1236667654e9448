/// <reference types="jest" />
import type { EventStore } from '../event-store';
import { appendContract } from './append-contract';
import type { EventStoreFixture, MakeEventStore } from './contract-fixtures';
import { globalLogContract } from './global-log-contract';
import { multiAppendContract } from './multi-append-contract';
import { subscriptionContract } from './subscription-contract';

export interface ContractOptions {
  /** Per-test timeout; the volume tests get four times this. Default 30 s (a loaded CI machine, a remote server). */
  readonly timeoutMs?: number;
  /** Whether appendToStreams is all or nothing (default true; see the adapter's documentation when not). */
  readonly atomicMultiStreamAppend?: boolean;
}

/**
 * The behaviour every EventStore adapter must show, as Jest tests. Each test uses stream names and
 * event types with a random suffix and reads the global log only after its own starting head or through
 * its own prefix, so the suite also runs against a shared server that keeps data between runs.
 */
export const runEventStoreContract = (
  name: string,
  makeStore: MakeEventStore,
  options: ContractOptions = {},
): void => {
  const timeoutMs = options.timeoutMs ?? 30_000;
  describe(`${name}: event-store contract`, () => {
    let fixture: EventStoreFixture | undefined;
    beforeEach(async () => {
      fixture = await makeStore();
    }, timeoutMs);
    afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    }, timeoutMs);
    const store = (): EventStore => {
      if (fixture === undefined) throw new Error('The contract fixture was not created');
      return fixture.store;
    };

    appendContract(store, timeoutMs);
    multiAppendContract(store, timeoutMs, options.atomicMultiStreamAppend ?? true);
    globalLogContract(store, timeoutMs);
    subscriptionContract(store, timeoutMs);
  });
};
