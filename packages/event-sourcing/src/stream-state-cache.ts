/** A stream's folded state as of one of its events. */
export interface CachedStreamState<S> {
  readonly state: S;
  /** Revision of the last event folded in. */
  readonly revision: number;
  /** Id of that event: a later read from `revision` must find it there, or the entry is stale. */
  readonly lastEventId: string;
}

interface Entry {
  /** The fold the state belongs to (a stream name is never folded by two deciders, but be sure). */
  readonly fold: object;
  readonly cached: CachedStreamState<unknown>;
}

/**
 * The last known state of the most recently used streams, so loads read and fold only the events after
 * it, and commands decide on it straight away. An entry is a hint, never the truth: loads still read
 * the stream's tail (other writers' events are folded in), appends still carry the expected revision
 * (a lost one reads and decides again), and refusals are checked against the tail (see withStreamStateCache).
 * States are shared between requests, so they must never be mutated (deciders return new states).
 * Least recently used entries go first once `maxEntries` is reached; 0 turns the cache off.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get<S>(streamName: string, fold: object): CachedStreamState<S> | undefined {
    const entry = this.entries.get(streamName);
    if (entry === undefined) return undefined;
    if (entry.fold !== fold) {
      this.entries.delete(streamName);
      return undefined;
    }
    // Re-insert: the map's order is least recently used first.
    this.entries.delete(streamName);
    this.entries.set(streamName, entry);
    return entry.cached as CachedStreamState<S>;
  }

  /** Keeps the newer of the known and the given state (concurrent loads may finish out of order). */
  set<S>(streamName: string, fold: object, cached: CachedStreamState<S>): void {
    if (this.maxEntries === 0) return;
    const known = this.entries.get(streamName);
    if (known !== undefined && known.fold === fold && known.cached.revision > cached.revision) return;
    this.entries.delete(streamName);
    this.entries.set(streamName, { fold, cached });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  delete(streamName: string): void {
    this.entries.delete(streamName);
  }

  /** Forgets every stream (as a restarted instance, or one whose streams others wrote, would know nothing). */
  clear(): void {
    this.entries.clear();
  }
}
