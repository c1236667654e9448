import type { ReadGate } from '@upload-sessions/service-core/read-your-writes/read-gate';
import type { ReadModelQueries } from './queries/read-model-queries';

/** What query handlers use: the read-model queries, once the caller's own writes have reached them. */
export class ReadModels {
  constructor(
    private readonly gate: ReadGate,
    private readonly queries: ReadModelQueries,
  ) {}

  async forCaller(): Promise<ReadModelQueries> {
    await this.gate.beforeRead();
    return this.queries;
  }
}
