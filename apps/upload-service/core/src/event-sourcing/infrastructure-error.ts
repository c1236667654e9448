/** Failures of the machinery rather than refusals of the domain. */
export type InfrastructureError =
  | {
      readonly _tag: 'Concurrency';
      readonly streamName: string;
      /** How many times the command was decided before giving up. */
      readonly attempts: number;
    }
  | { readonly _tag: 'StoreUnavailable'; readonly message: string }
  | { readonly _tag: 'CorruptStream'; readonly streamName: string; readonly message: string };

export const concurrency = (streamName: string, attempts: number): InfrastructureError => ({
  _tag: 'Concurrency',
  streamName,
  attempts,
});
