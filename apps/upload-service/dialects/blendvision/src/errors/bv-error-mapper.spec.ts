import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { BvError } from './bv-error';
import { toRpcStatus } from './bv-error-mapper';
import { httpStatusOf, RpcCode } from './rpc-status';

// One value of every error the dialect can meet, so that the mapping is checked for all of them.
const everyError: readonly (ApplicationError | BvError)[] = [
  { _tag: 'BvFileNotFound', fileId: 'f' },
  { _tag: 'BvFileAlreadyExists', fileId: 'f' },
  { _tag: 'UploadNotFound', fileId: 'f', uploadId: 'u' },
  { _tag: 'Unauthenticated' },
  { _tag: 'MissingOrganization' },
  { _tag: 'OrganizationNotAllowed', organizationId: 'o' },
  { _tag: 'BadPartUrl', reason: 'expired' },
  { _tag: 'BadPartUrl', reason: 'signature' },
  { _tag: 'PartSizeMismatch', partNumber: 2, expected: 10, actual: 9 },
  { _tag: 'BvInvalidArgument', field: 'file.size', message: 'bad' },
  { _tag: 'BvUnimplemented', message: 'no' },
  { _tag: 'SessionNotFound', command: 'CancelUploadSession', sessionId: 's' },
  { _tag: 'SessionNotFound', command: 'CancelUploadSession', sessionId: null },
  {
    _tag: 'SessionAlreadyExists',
    command: 'StartUploadSession',
    sessionId: 's',
    state: 'ACTIVE',
    clientToken: null,
  },
  { _tag: 'NotAllowedInCurrentState', command: 'CancelUploadSession', state: 'DONE' },
  { _tag: 'AlreadyCanceled', command: 'CompleteUploadSession', state: 'CANCELED', reason: 'client' },
  { _tag: 'FileAlreadyExists', command: 'AddFile', name: 'part-00001' },
  { _tag: 'FileNotFound', command: 'CompleteUploadSession', name: 'part-00004' },
  { _tag: 'ContentMissing', command: 'CompleteUploadSession', names: ['part-00002', 'part-00003'] },
  { _tag: 'NoContent', command: 'CompleteUploadSession' },
  { _tag: 'ContentInvalid', command: 'CompleteUploadSession', name: 'part-00001', message: 'size mismatch' },
  {
    _tag: 'EtagMismatch',
    command: 'CompleteUploadSession',
    name: 'part-00001',
    expected: '"a"',
    actual: '"b"',
  },
  { _tag: 'ProgressDecreased', command: 'KeepAliveUploadSession', current: 5, requested: 1 },
  { _tag: 'NotExpired', command: 'ExpireUploadSession', expiresAt: '2030-01-01T00:00:00.000Z' },
  { _tag: 'InvalidArgument', command: 'CompleteUploadSession', field: 'parts', message: 'twice' },
  { _tag: 'LibraryNotFound', libraryId: 'l' },
  { _tag: 'LibraryItemNotFound', libraryItemId: 'i' },
  { _tag: 'AlreadyCreated', id: 'i' },
  { _tag: 'ItemNameTaken', libraryId: 'l', name: 'n' },
  { _tag: 'ResourceBusy', libraryItemId: 'i', sessionId: 's' },
  { _tag: 'TransferInProgress', sessionId: 's', fileName: 'part-00001' },
  { _tag: 'Concurrency', streamName: 's', attempts: 6 },
  { _tag: 'StoreUnavailable', message: 'down' },
  { _tag: 'CorruptStream', streamName: 's', message: 'bad' },
  { _tag: 'TransferAborted', reason: 'canceled' },
  { _tag: 'ContentTooLarge', limit: 10 },
  { _tag: 'StorageFailed', message: 'disk' },
  { _tag: 'BadUploadToken', reason: 'expired' },
  { _tag: 'InvalidRequest', message: 'bad' },
  { _tag: 'Unsupported', message: 'no' },
];

describe('toRpcStatus', () => {
  it.each(everyError.map((error) => [error._tag, error] as const))(
    'renders %s as a google.rpc.Status with the grpc-gateway HTTP status of its code',
    (_tag, error) => {
      const status = toRpcStatus(error);
      expect(status.httpStatus).toBe(httpStatusOf(status.body.code));
      expect(status.body.message).not.toBe('');
      expect(status.body.details).toEqual([
        expect.objectContaining({
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: expect.stringMatching(/^[A-Z_]+$/),
        }),
      ]);
    },
  );

  it.each([
    ['an unknown file', { _tag: 'BvFileNotFound', fileId: 'f' }, 404, 5],
    ['another upload id', { _tag: 'UploadNotFound', fileId: 'f', uploadId: 'u' }, 404, 5],
    ['no token', { _tag: 'Unauthenticated' }, 401, 16],
    ['no organization header', { _tag: 'MissingOrganization' }, 400, 3],
    ['an organization not allowed', { _tag: 'OrganizationNotAllowed', organizationId: 'o' }, 403, 7],
    ['an expired part URL', { _tag: 'BadPartUrl', reason: 'expired' }, 403, 7],
    [
      'a cancel after complete',
      { _tag: 'NotAllowedInCurrentState', command: 'CancelUploadSession', state: 'DONE' },
      400,
      9,
    ],
    [
      'a complete after cancel',
      { _tag: 'AlreadyCanceled', command: 'CompleteUploadSession', state: 'CANCELED', reason: 'client' },
      400,
      9,
    ],
    ['a lost race', { _tag: 'Concurrency', streamName: 's', attempts: 6 }, 409, 10],
    ['a store that is down', { _tag: 'StoreUnavailable', message: 'down' }, 503, 14],
    [
      'a wrong etag',
      {
        _tag: 'EtagMismatch',
        command: 'CompleteUploadSession',
        name: 'part-00001',
        expected: '"a"',
        actual: '"b"',
      },
      400,
      3,
    ],
    [
      'parts not uploaded',
      { _tag: 'ContentMissing', command: 'CompleteUploadSession', names: ['part-00002'] },
      400,
      9,
    ],
  ] as const)('answers %s with HTTP %i code %i', (_what, error, http, code) => {
    const status = toRpcStatus(error as ApplicationError | BvError);
    expect([status.httpStatus, status.body.code]).toEqual([http, code]);
  });

  it('names parts by number, never by their slot names', () => {
    const status = toRpcStatus({
      _tag: 'ContentMissing',
      command: 'CompleteUploadSession',
      names: ['part-00002', 'part-00010'],
    });
    expect(status.body.message).toBe('part 2, part 10 not uploaded or not listed');
    expect(status.body.details[0]?.metadata).toEqual({ parts: '2,10' });
  });
});

describe('httpStatusOf', () => {
  it('follows the grpc-gateway mapping the contract refers to', () => {
    expect(
      Object.fromEntries(
        (
          [
            'INVALID_ARGUMENT',
            'NOT_FOUND',
            'FAILED_PRECONDITION',
            'ALREADY_EXISTS',
            'ABORTED',
            'PERMISSION_DENIED',
            'UNAUTHENTICATED',
            'RESOURCE_EXHAUSTED',
            'INTERNAL',
            'UNIMPLEMENTED',
            'UNAVAILABLE',
          ] as const
        ).map((name) => [name, httpStatusOf(RpcCode[name])]),
      ),
    ).toEqual({
      INVALID_ARGUMENT: 400,
      NOT_FOUND: 404,
      FAILED_PRECONDITION: 400,
      ALREADY_EXISTS: 409,
      ABORTED: 409,
      PERMISSION_DENIED: 403,
      UNAUTHENTICATED: 401,
      RESOURCE_EXHAUSTED: 429,
      INTERNAL: 500,
      UNIMPLEMENTED: 501,
      UNAVAILABLE: 503,
    });
  });
});
