import { uploadSessionDecider } from './decider';
import { DeciderSpecification } from './testing/decider-specification';
import { at, blendVisionFile, cmd, declared, DISK, DISK_SHA, ev, history, T0 } from './test-support/fixtures';

const spec = DeciderSpecification.for(uploadSessionDecider);

describe('StartUploadSession', () => {
  it('starts a vSphere session whose declared files wait for their bytes', () => {
    const { state } = spec
      .given([])
      .when(cmd.start({ files: [declared(DISK, 10, DISK_SHA)], clientToken: 'tok-1' }))
      .then([ev.started({ files: [declared(DISK, 10, DISK_SHA)], clientToken: 'tok-1' })]);

    expect(state).toMatchObject({
      status: 'ACTIVE',
      sessionId: 'sess-0001',
      organizationId: 'org-acme',
      clientProgress: 0,
      clientToken: 'tok-1',
      createdAt: T0,
      updatedAt: T0,
      files: [
        {
          name: DISK,
          declaredSize: 10,
          declaredChecksum: DISK_SHA,
          received: null,
          status: 'WAITING_FOR_TRANSFER',
          errorMessage: null,
        },
      ],
    });
  });

  it('starts a BlendVision upload with its numbered parts declared up front', () => {
    const parts = [declared('part-00001', 5), declared('part-00002', 3)];
    const { state } = spec
      .given([])
      .when(cmd.start({ target: blendVisionFile, files: parts }))
      .then([ev.started({ target: blendVisionFile, files: parts })]);
    expect(state.status === 'ACTIVE' && state.files.map((f) => f.name)).toEqual(['part-00001', 'part-00002']);
  });

  it('refuses a file declared twice', () => {
    const error = spec
      .given([])
      .when(cmd.start({ files: [declared('a.bin'), declared('a.bin', 3)] }))
      .thenFails('InvalidArgument');
    expect(error).toMatchObject({ command: 'StartUploadSession', field: 'files' });
    expect(error.message).toContain('"a.bin"');
  });

  it('refuses an expiry that is not after now', () => {
    spec
      .given([])
      .when(cmd.start({ expiresAt: T0 }))
      .thenFails('InvalidArgument');
    spec
      .given([])
      .when(cmd.start({ expiresAt: at(-1) }))
      .thenFails((e) => e._tag === 'InvalidArgument' && e.field === 'expiresAt');
  });

  it('refuses to start over an existing session, and tells its client token for idempotent retries', () => {
    const error = spec
      .given([ev.started({ clientToken: 'tok-1' })])
      .when(cmd.start({ clientToken: 'tok-1' }))
      .thenFails('SessionAlreadyExists');
    expect(error).toEqual({
      _tag: 'SessionAlreadyExists',
      command: 'StartUploadSession',
      sessionId: 'sess-0001',
      state: 'ACTIVE',
      clientToken: 'tok-1',
    });
  });

  it('never reuses the id of a deleted session', () => {
    const error = spec.given(history.DELETED).when(cmd.start()).thenFails('SessionAlreadyExists');
    expect(error.state).toBe('DELETED');
  });
});
