import {
  alreadyCanceled,
  contentInvalid,
  contentMissing,
  describeUploadSessionError,
  etagMismatch,
  fileAlreadyExists,
  fileNotFound,
  invalidArgument,
  noContent,
  notAllowedInCurrentState,
  notExpired,
  progressDecreased,
  sessionAlreadyExists,
  sessionNotFound,
} from './upload-session-error';

describe('describeUploadSessionError', () => {
  it.each([
    [sessionNotFound('AddFile', null), 'AddFile: the upload session does not exist'],
    [sessionNotFound('AddFile', 's-1'), 'AddFile: upload session s-1 does not exist'],
    [
      sessionAlreadyExists('StartUploadSession', 's-1', 'DONE', null),
      'StartUploadSession: upload session s-1 already exists (DONE)',
    ],
    [
      notAllowedInCurrentState('CancelUploadSession', 'DONE'),
      'CancelUploadSession is not allowed while the upload session is DONE',
    ],
    [
      alreadyCanceled('CancelUploadSession', 'expired'),
      'CancelUploadSession: the upload session is already canceled (expired)',
    ],
    [fileAlreadyExists('AddFile', 'a'), 'AddFile: file "a" already exists in the upload session'],
    [fileNotFound('RemoveFile', 'a'), 'RemoveFile: file "a" is not in the upload session'],
    [
      contentMissing('CompleteUploadSession', ['a', 'b']),
      'CompleteUploadSession: content missing for "a", "b"',
    ],
    [noContent('CompleteUploadSession'), 'CompleteUploadSession: the upload session has no files'],
    [
      contentInvalid('CompleteUploadSession', 'a', 'size mismatch'),
      'CompleteUploadSession: file "a" is invalid: size mismatch',
    ],
    [
      etagMismatch('CompleteUploadSession', 'p', '"x"', '"y"'),
      'CompleteUploadSession: part "p" has etag "x", not "y"',
    ],
    [
      progressDecreased('KeepAliveUploadSession', 5, 4),
      'KeepAliveUploadSession: client progress cannot go from 5 down to 4',
    ],
    [
      notExpired('ExpireUploadSession', 'T'),
      'ExpireUploadSession: the upload session does not expire before T',
    ],
    [invalidArgument('StartUploadSession', 'files', 'dup'), 'StartUploadSession: invalid files: dup'],
  ])('describes %j', (error, text) => {
    expect(describeUploadSessionError(error)).toBe(text);
  });
});
