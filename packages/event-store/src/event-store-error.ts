import type { ExpectedRevision } from './event-store';

/** The port's typed errors: values, never exceptions, so callers must handle each. */
export interface WrongExpectedRevision {
  readonly _tag: 'WrongExpectedRevision';
  readonly streamName: string;
  /** Includes 'any': an append with no revision check still fails when its event ids clash with other events. */
  readonly expected: ExpectedRevision;
  /** The stream's actual last revision, or 'no_stream' when it does not exist. */
  readonly actual: 'no_stream' | number;
}

export interface StreamNotFound {
  readonly _tag: 'StreamNotFound';
  readonly streamName: string;
}

export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable';
  readonly message: string;
  readonly cause?: unknown;
}

export type EventStoreError = WrongExpectedRevision | StreamNotFound | StoreUnavailable;

export const wrongExpectedRevision = (
  streamName: string,
  expected: WrongExpectedRevision['expected'],
  actual: WrongExpectedRevision['actual'],
): WrongExpectedRevision => ({ _tag: 'WrongExpectedRevision', streamName, expected, actual });

export const streamNotFound = (streamName: string): StreamNotFound => ({
  _tag: 'StreamNotFound',
  streamName,
});

export const storeUnavailable = (message: string, cause?: unknown): StoreUnavailable => ({
  _tag: 'StoreUnavailable',
  message,
  cause,
});
