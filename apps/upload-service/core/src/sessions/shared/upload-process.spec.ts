import * as E from 'fp-ts/Either';
import type { ApplicationError } from '../../application/application-error';
import { completeUpload, startUpload } from './upload-process';

const busy: ApplicationError = { _tag: 'ResourceBusy', libraryItemId: 'item-1', sessionId: 'other' };
const storage: ApplicationError = { _tag: 'StorageFailed', message: 'disk full' };

describe('startUpload', () => {
  it('claims the target, then starts the session on what the claim answered', async () => {
    const calls: string[] = [];
    const started = await startUpload({
      claimTarget: async () => (calls.push('claim'), E.right('version-3')),
      startSession: async (claim) => (calls.push(`start:${claim}`), E.right({ sessionId: 's-1' })),
    });
    expect(calls).toEqual(['claim', 'start:version-3']);
    expect(started).toEqual(E.right({ sessionId: 's-1' }));
  });

  it('starts nothing when the claim is refused', async () => {
    const start = jest.fn();
    const started = await startUpload({ claimTarget: async () => E.left(busy), startSession: start });
    expect(started).toEqual(E.left(busy));
    expect(start).not.toHaveBeenCalled();
  });
});

describe('completeUpload', () => {
  it('completes the session, then commits its content', async () => {
    const calls: string[] = [];
    const done = await completeUpload({
      completeSession: async () => (calls.push('complete'), E.right('session-done')),
      commitContent: async (session) => void calls.push(`commit:${session}`),
    });
    expect(calls).toEqual(['complete', 'commit:session-done']);
    expect(done).toEqual(E.right('session-done'));
  });

  it('commits nothing when completing is refused', async () => {
    const commit = jest.fn();
    const done = await completeUpload({
      completeSession: async () => E.left(storage),
      commitContent: commit,
    });
    expect(done).toEqual(E.left(storage));
    expect(commit).not.toHaveBeenCalled();
  });

  it('answers the completed session even when the commit fails (the sweep redoes it)', async () => {
    const done = await completeUpload({
      completeSession: async () => E.right('session-done'),
      commitContent: async () => E.left(storage),
    });
    expect(done).toEqual(E.right('session-done'));
  });
});
