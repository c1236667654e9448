import type { ReadGate } from '../read-your-writes/read-gate';
import type { ReadModelQueries } from './queries/read-model-queries';

/**
 * What query handlers use: their read-model queries, once the caller's own writes have reached them.
 * The session queries by default; a dialect wraps its own (e.g. library or file queries) the same way.
 */
export class ReadModels<Q = ReadModelQueries> {
  constructor(
    private readonly gate: ReadGate,
    private readonly queries: Q,
  ) {}

  async forCaller(): Promise<Q> {
    await this.gate.beforeRead();
    return this.queries;
  }
}
