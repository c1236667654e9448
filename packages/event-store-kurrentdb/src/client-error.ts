import { convertToCommandError, ErrorType } from '@kurrent/kurrentdb-client';
import {
  storeUnavailable,
  streamNotFound,
  wrongExpectedRevision,
  type ExpectedRevision,
  type StoreUnavailable,
  type StreamNotFound,
  type WrongExpectedRevision,
} from '@upload-sessions/event-store';

/**
 * The client rejects with its own error classes, but not always: a connection that never came up
 * surfaces as a raw gRPC ServiceError (numeric `code`, e.g. 14). convertToCommandError folds those into
 * the classes; we then switch on the `type` tag rather than instanceof so that a second copy of the
 * client in node_modules cannot defeat the mapping.
 */
interface Normalised {
  readonly type?: unknown;
  readonly message: string;
  readonly actualState?: unknown;
}

const normalise = (error: unknown): Normalised =>
  error instanceof Error ? (convertToCommandError(error) as Normalised) : { message: String(error) };

/** `node`: which node(s) the store talks to (`host:port`), so that a log line says where to look. */
const describe = (error: Normalised, node: string | undefined): string => {
  const tag = typeof error.type === 'string' ? error.type : 'error';
  const detail = error.message.trim();
  const name = node === undefined ? 'KurrentDB' : `KurrentDB at ${node}`;
  return detail === '' ? `${name} ${tag}` : `${name} ${tag}: ${detail}`;
};

/** Anything the port cannot name more precisely is the store being unusable for now. */
export const unavailableFromClient = (error: unknown, node?: string): StoreUnavailable =>
  storeUnavailable(describe(normalise(error), node), error);

const revisionOf = (state: unknown): 'no_stream' | number | undefined =>
  state === 'no_stream'
    ? 'no_stream'
    : typeof state === 'bigint'
      ? // Deleted (-5) and tombstoned (-6) streams report negative revisions: for the port they do not exist.
        state < 0n
        ? 'no_stream'
        : Number(state)
      : undefined;

/** What an append's failure means for the port: a concurrency conflict, or the store being unavailable. */
export const appendErrorFromClient = (
  error: unknown,
  streamName: string,
  expected: ExpectedRevision,
  node?: string,
): WrongExpectedRevision | StoreUnavailable => {
  const normalised = normalise(error);
  if (normalised.type === ErrorType.WRONG_EXPECTED_VERSION) {
    const actual = revisionOf(normalised.actualState) ?? 'no_stream';
    return wrongExpectedRevision(streamName, expected, actual);
  }
  return storeUnavailable(describe(normalised, node), error);
};

const missingStream: readonly unknown[] = [
  ErrorType.STREAM_NOT_FOUND,
  ErrorType.NO_STREAM,
  ErrorType.STREAM_DELETED,
  ErrorType.STREAM_TOMBSTONED,
];

/** A read of a stream that does not exist (or was deleted) is StreamNotFound; anything else is unavailability. */
export const readStreamErrorFromClient = (
  error: unknown,
  streamName: string,
  node?: string,
): StreamNotFound | StoreUnavailable => {
  const normalised = normalise(error);
  return missingStream.includes(normalised.type)
    ? streamNotFound(streamName)
    : storeUnavailable(describe(normalised, node), error);
};
