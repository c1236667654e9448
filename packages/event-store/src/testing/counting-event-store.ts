import { setTimeout as delay } from 'node:timers/promises';
import type { EventStore } from '../event-store';

/** The port's methods that cost a round trip to a remote store. */
export const STORE_CALLS = [
  'appendToStream',
  'appendToStreams',
  'readStream',
  'readAll',
  'subscribeToAll',
  'headPosition',
] as const;

export type StoreCall = (typeof STORE_CALLS)[number];

export type StoreCallCounts = Record<StoreCall, number>;

export interface CountingOptions {
  /** Added before each call goes to the inner store, as a store on another host would (0: none). */
  readonly latencyMs?: number;
}

const zero = (): StoreCallCounts =>
  Object.fromEntries(STORE_CALLS.map((call) => [call, 0])) as StoreCallCounts;

/**
 * A store wrapper for tests and benchmarks: counts the calls made to each method (one call, one round
 * trip to a remote store) and can make each one wait a fixed latency first. A subscription counts once,
 * when opened: what it delivers afterwards is pushed, not asked for.
 */
export class CountingEventStore implements EventStore {
  private counted = zero();
  private inFlight = 0;
  private waves = 0;

  constructor(
    readonly inner: EventStore,
    private readonly options: CountingOptions = {},
  ) {}

  /** The calls made since the last reset. */
  counts(): StoreCallCounts {
    return { ...this.counted };
  }

  /**
   * Appends (single or multi-stream) and reads since the last reset; `roundTrips`: the calls that found
   * no other call in flight, i.e. the waits one after the other a caller sees (calls made concurrently
   * cost one).
   */
  totals(): {
    readonly appends: number;
    readonly reads: number;
    readonly all: number;
    readonly roundTrips: number;
  } {
    const c = this.counted;
    const appends = c.appendToStream + c.appendToStreams;
    const reads = c.readStream + c.readAll + c.headPosition;
    return { appends, reads, all: appends + reads + c.subscribeToAll, roundTrips: this.waves };
  }

  reset(): void {
    this.counted = zero();
    this.waves = 0;
  }

  private async call<T>(name: StoreCall, work: () => Promise<T>): Promise<T> {
    this.counted[name] += 1;
    if (this.inFlight === 0) this.waves += 1;
    this.inFlight += 1;
    try {
      const latency = this.options.latencyMs ?? 0;
      if (latency > 0) await delay(latency);
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }

  appendToStream: EventStore['appendToStream'] = (streamName, events, options) =>
    this.call('appendToStream', () => this.inner.appendToStream(streamName, events, options));

  appendToStreams: EventStore['appendToStreams'] = (appends) =>
    this.call('appendToStreams', () => this.inner.appendToStreams(appends));

  readStream: EventStore['readStream'] = (streamName, options) =>
    this.call('readStream', () => this.inner.readStream(streamName, options));

  readAll: EventStore['readAll'] = (options) => this.call('readAll', () => this.inner.readAll(options));

  subscribeToAll: EventStore['subscribeToAll'] = (options) => {
    this.counted.subscribeToAll += 1;
    return this.inner.subscribeToAll(options);
  };

  headPosition: EventStore['headPosition'] = () => this.call('headPosition', () => this.inner.headPosition());

  close(): Promise<void> {
    return this.inner.close();
  }
}
