import {
  AccessDeniedError,
  DeadlineExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { storeUnavailable, streamNotFound, wrongExpectedRevision } from '@upload-sessions/event-store';
import { appendErrorFromClient, readStreamErrorFromClient, unavailableFromClient } from './client-error';

// The client's own error classes, built the way the client builds them.
const wrongVersion = (
  expected: bigint | 'no_stream' | 'stream_exists' | 'any',
  current: bigint | 'no_stream',
) => new WrongExpectedVersionError(undefined, { streamName: 'upload-1', expected, current });

/** What grpc-js rejects with when no connection could be made: a plain Error with a numeric status code. */
const rawGrpcUnavailable = () =>
  Object.assign(new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED'), {
    code: 14,
    details: 'No connection established',
  });

describe('appendErrorFromClient', () => {
  it('maps a wrong expected version to WrongExpectedRevision with the expected and the actual revision', () => {
    expect(appendErrorFromClient(wrongVersion(3n, 5n), 'upload-1', 3)).toEqual(
      wrongExpectedRevision('upload-1', 3, 5),
    );
  });

  it('reports a stream that does not exist as actual no_stream', () => {
    expect(
      appendErrorFromClient(wrongVersion('stream_exists', 'no_stream'), 'upload-1', 'stream_exists'),
    ).toEqual(wrongExpectedRevision('upload-1', 'stream_exists', 'no_stream'));
  });

  it('reports an existing stream against no_stream with its last revision', () => {
    expect(appendErrorFromClient(wrongVersion('no_stream', 0n), 'upload-1', 'no_stream')).toEqual(
      wrongExpectedRevision('upload-1', 'no_stream', 0),
    );
  });

  it('treats the negative revisions of deleted and tombstoned streams as no_stream', () => {
    expect(appendErrorFromClient(wrongVersion(2n, -6n), 'upload-1', 2)).toEqual(
      wrongExpectedRevision('upload-1', 2, 'no_stream'),
    );
  });

  it('keeps the original error as the cause of anything it cannot name', () => {
    const error = new UnavailableError();
    const mapped = appendErrorFromClient(error, 'upload-1', 0);
    expect(mapped._tag).toBe('StoreUnavailable');
    expect(mapped).toMatchObject({ cause: error });
  });

  it('maps a conflict on an `any` append (a deleted stream, clashing event ids) to WrongExpectedRevision', () => {
    expect(appendErrorFromClient(wrongVersion('any', -5n), 'upload-1', 'any')).toEqual(
      wrongExpectedRevision('upload-1', 'any', 'no_stream'),
    );
  });

  it('maps a raw gRPC UNAVAILABLE (the client does not always wrap it) to StoreUnavailable', () => {
    const mapped = appendErrorFromClient(rawGrpcUnavailable(), 'upload-1', 'no_stream');
    expect(mapped._tag).toBe('StoreUnavailable');
    expect(mapped).toMatchObject({ message: expect.stringContaining('unavailable') });
  });
});

describe('readStreamErrorFromClient', () => {
  it('maps StreamNotFoundError to StreamNotFound', () => {
    expect(readStreamErrorFromClient(new StreamNotFoundError(undefined, 'upload-1'), 'upload-1')).toEqual(
      streamNotFound('upload-1'),
    );
  });

  it('maps a deleted stream to StreamNotFound', () => {
    expect(readStreamErrorFromClient(StreamDeletedError.fromStreamName('upload-1'), 'upload-1')).toEqual(
      streamNotFound('upload-1'),
    );
  });

  it('maps connection failures to StoreUnavailable', () => {
    expect(readStreamErrorFromClient(new DeadlineExceededError(), 'upload-1')._tag).toBe('StoreUnavailable');
    expect(readStreamErrorFromClient(rawGrpcUnavailable(), 'upload-1')._tag).toBe('StoreUnavailable');
  });
});

describe('unavailableFromClient', () => {
  it.each([
    ['UnavailableError', new UnavailableError(), 'KurrentDB unavailable'],
    ['DeadlineExceededError', new DeadlineExceededError(), 'KurrentDB deadline-exceeded'],
    ['AccessDeniedError', new AccessDeniedError(), 'KurrentDB access-denied'],
    [
      'NotLeaderError',
      // Built from a ServiceError-like value: its constructor reads the leader from the metadata.
      new NotLeaderError(
        Object.assign(new Error('not leader'), {
          code: 5,
          details: 'not leader',
          metadata: { 'leader-endpoint-host': 'node-2', 'leader-endpoint-port': '2113' },
        }) as unknown as ConstructorParameters<typeof NotLeaderError>[0],
      ),
      'KurrentDB not-leader: not leader',
    ],
  ])('maps %s to StoreUnavailable naming the failure', (_name, error, message) => {
    expect(unavailableFromClient(error)).toEqual(storeUnavailable(message, error));
  });

  it('names the node it talks to, so that a log line says where to look', () => {
    const error = new UnavailableError();
    expect(unavailableFromClient(error, 'db-1:2113').message).toBe('KurrentDB at db-1:2113 unavailable');
    expect(readStreamErrorFromClient(error, 's', 'db-1:2113')).toMatchObject({
      _tag: 'StoreUnavailable',
      message: 'KurrentDB at db-1:2113 unavailable',
    });
  });

  it('copes with thrown values that are not errors', () => {
    expect(unavailableFromClient('socket closed')).toEqual(
      storeUnavailable('KurrentDB error: socket closed', 'socket closed'),
    );
  });
});
