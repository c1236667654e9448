import type { UploadSessionCommand, UploadSessionCommandType } from './commands';
import { isRight, left, right } from 'fp-ts/Either';
import { foldEvents, uploadSessionDecider } from './decider';
import type { UploadSessionEventType } from './events';
import { at, cmd, DISK, history } from './test-support/fixtures';
import type { UploadSessionError } from './upload-session-error';

// Every command in every state. The cells spell out the contract: which commands a state accepts
// (and the events they produce) and which refusal every other command gets. The focused specs
// beside this one check the exact event data.

type StateName = keyof typeof history;
type Expected = readonly UploadSessionEventType[] | Partial<UploadSessionError>;

const commands: Record<UploadSessionCommandType, UploadSessionCommand> = {
  StartUploadSession: cmd.start(),
  AddFile: cmd.addFile('notes.txt'),
  RemoveFile: cmd.removeFile(DISK),
  RecordContent: cmd.recordContent(DISK),
  RecordTransferInterrupted: cmd.interrupted(DISK),
  CompleteUploadSession: cmd.complete(),
  CancelUploadSession: cmd.cancel(),
  FailUploadSession: cmd.fail(),
  KeepAliveUploadSession: cmd.keepAlive(50),
  ExpireUploadSession: cmd.expire(at(301)),
  UpdateWarningBehavior: cmd.updateWarningBehavior(),
  DeleteUploadSession: cmd.delete(),
};

const notFound = { _tag: 'SessionNotFound' } as const;
const notAllowed = (state: 'ACTIVE' | 'DONE' | 'ERROR' | 'CANCELED') =>
  ({ _tag: 'NotAllowedInCurrentState', state }) as const;
const exists = (state: 'ACTIVE' | 'DONE' | 'ERROR' | 'CANCELED' | 'DELETED') =>
  ({ _tag: 'SessionAlreadyExists', state }) as const;

const matrix: Record<StateName, Record<UploadSessionCommandType, Expected>> = {
  NONE: {
    StartUploadSession: ['UploadSessionStarted'],
    AddFile: { ...notFound, sessionId: null },
    RemoveFile: { ...notFound, sessionId: null },
    RecordContent: { ...notFound, sessionId: null },
    RecordTransferInterrupted: { ...notFound, sessionId: null },
    CompleteUploadSession: { ...notFound, sessionId: null },
    CancelUploadSession: { ...notFound, sessionId: null },
    FailUploadSession: { ...notFound, sessionId: null },
    KeepAliveUploadSession: { ...notFound, sessionId: null },
    ExpireUploadSession: { ...notFound, sessionId: null },
    UpdateWarningBehavior: { ...notFound, sessionId: null },
    DeleteUploadSession: { ...notFound, sessionId: null },
  },
  ACTIVE: {
    StartUploadSession: exists('ACTIVE'),
    AddFile: ['UploadSessionFileAdded'],
    RemoveFile: ['UploadSessionFileRemoved'],
    RecordContent: ['UploadSessionContentReceived'],
    RecordTransferInterrupted: ['UploadSessionTransferInterrupted'],
    CompleteUploadSession: ['UploadSessionCompleted'],
    CancelUploadSession: ['UploadSessionCanceled'],
    FailUploadSession: ['UploadSessionFailed'],
    KeepAliveUploadSession: ['UploadSessionKeptAlive'],
    ExpireUploadSession: ['UploadSessionCanceled'],
    UpdateWarningBehavior: ['UploadSessionWarningBehaviorUpdated'],
    DeleteUploadSession: notAllowed('ACTIVE'),
  },
  DONE: {
    StartUploadSession: exists('DONE'),
    AddFile: notAllowed('DONE'),
    RemoveFile: notAllowed('DONE'),
    RecordContent: notAllowed('DONE'),
    RecordTransferInterrupted: notAllowed('DONE'),
    CompleteUploadSession: notAllowed('DONE'),
    CancelUploadSession: notAllowed('DONE'),
    FailUploadSession: notAllowed('DONE'),
    KeepAliveUploadSession: notAllowed('DONE'),
    ExpireUploadSession: notAllowed('DONE'),
    UpdateWarningBehavior: notAllowed('DONE'),
    DeleteUploadSession: ['UploadSessionDeleted'],
  },
  ERROR: {
    StartUploadSession: exists('ERROR'),
    AddFile: notAllowed('ERROR'),
    RemoveFile: notAllowed('ERROR'),
    RecordContent: notAllowed('ERROR'),
    RecordTransferInterrupted: notAllowed('ERROR'),
    CompleteUploadSession: notAllowed('ERROR'),
    CancelUploadSession: notAllowed('ERROR'),
    FailUploadSession: notAllowed('ERROR'),
    KeepAliveUploadSession: notAllowed('ERROR'),
    ExpireUploadSession: notAllowed('ERROR'),
    UpdateWarningBehavior: notAllowed('ERROR'),
    DeleteUploadSession: ['UploadSessionDeleted'],
  },
  CANCELED: {
    StartUploadSession: exists('CANCELED'),
    AddFile: notAllowed('CANCELED'),
    RemoveFile: notAllowed('CANCELED'),
    RecordContent: notAllowed('CANCELED'),
    RecordTransferInterrupted: notAllowed('CANCELED'),
    CompleteUploadSession: notAllowed('CANCELED'),
    CancelUploadSession: { _tag: 'AlreadyCanceled', state: 'CANCELED', reason: 'client' },
    FailUploadSession: notAllowed('CANCELED'),
    KeepAliveUploadSession: notAllowed('CANCELED'),
    ExpireUploadSession: notAllowed('CANCELED'),
    UpdateWarningBehavior: notAllowed('CANCELED'),
    DeleteUploadSession: ['UploadSessionDeleted'],
  },
  DELETED: {
    StartUploadSession: exists('DELETED'),
    AddFile: { ...notFound, sessionId: 'sess-0001' },
    RemoveFile: { ...notFound, sessionId: 'sess-0001' },
    RecordContent: { ...notFound, sessionId: 'sess-0001' },
    RecordTransferInterrupted: { ...notFound, sessionId: 'sess-0001' },
    CompleteUploadSession: { ...notFound, sessionId: 'sess-0001' },
    CancelUploadSession: { ...notFound, sessionId: 'sess-0001' },
    FailUploadSession: { ...notFound, sessionId: 'sess-0001' },
    KeepAliveUploadSession: { ...notFound, sessionId: 'sess-0001' },
    ExpireUploadSession: { ...notFound, sessionId: 'sess-0001' },
    UpdateWarningBehavior: { ...notFound, sessionId: 'sess-0001' },
    DeleteUploadSession: { ...notFound, sessionId: 'sess-0001' },
  },
};

const isEventTypes = (expected: Expected): expected is readonly UploadSessionEventType[] =>
  Array.isArray(expected);

const cells = (Object.keys(matrix) as StateName[]).flatMap((state) =>
  (Object.keys(matrix[state]) as UploadSessionCommandType[]).map(
    (command) => [state, command, matrix[state][command]] as const,
  ),
);

describe('every command in every state', () => {
  it('covers 12 commands in 6 states', () => {
    expect(cells).toHaveLength(72);
  });

  it.each(cells)('%s + %s', (state, commandType, expected) => {
    const decision = uploadSessionDecider.decide(commands[commandType], foldEvents(history[state]));
    if (isEventTypes(expected)) {
      expect(decision).toEqual(right(expect.any(Array)));
      expect(isRight(decision) && decision.right.map((event) => event.type)).toEqual(expected);
    } else {
      expect(decision).toEqual(left(expect.objectContaining({ ...expected, command: commandType })));
    }
  });
});
