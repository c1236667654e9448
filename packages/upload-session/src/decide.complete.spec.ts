import { uploadSessionDecider } from './decider';
import { DeciderSpecification } from './testing/decider-specification';
import {
  at,
  blendVisionFile,
  cmd,
  declared,
  DISK,
  DISK_SHA,
  diskCompleted,
  ev,
  history,
  OTHER_SHA,
} from './test-support/fixtures';

const spec = DeciderSpecification.for(uploadSessionDecider);

describe('CompleteUploadSession (vSphere: no parts)', () => {
  it('completes when every file is READY and lists them as the new content', () => {
    const { state } = spec
      .given(history.ACTIVE)
      .when(cmd.complete())
      .then([ev.completed([diskCompleted])]);
    expect(state).toMatchObject({ status: 'DONE', completedFiles: [diskCompleted], endedAt: at(40) });
  });

  it('lists the files in slot order with what was received', () => {
    const given = [
      ev.started({ files: [declared('b.vmdk'), declared('a.ovf')] }),
      ev.contentReceived('a.ovf', { size: 1, checksum: OTHER_SHA, etag: '"a"' }),
      ev.contentReceived('b.vmdk', { size: 2, etag: '"b"' }),
    ];
    spec
      .given(given)
      .when(cmd.complete())
      .then([
        ev.completed([
          { name: 'b.vmdk', size: 2, checksum: DISK_SHA, etag: '"b"' },
          { name: 'a.ovf', size: 1, checksum: OTHER_SHA, etag: '"a"' },
        ]),
      ]);
  });

  it('refuses a session without files (NoContent)', () => {
    const error = spec.given([ev.started()]).when(cmd.complete()).thenFails('NoContent');
    expect(error).toEqual({ _tag: 'NoContent', command: 'CompleteUploadSession' });
  });

  it('refuses while declared files have no content, naming all of them', () => {
    const given = [
      ev.started({ files: [declared('a'), declared('b'), declared('c')] }),
      ev.contentReceived('b', { size: 1 }),
    ];
    const error = spec.given(given).when(cmd.complete()).thenFails('ContentMissing');
    expect(error.names).toEqual(['a', 'c']);
  });

  it('refuses while a file is in ERROR after a checksum mismatch', () => {
    const error = spec
      .given([...history.ACTIVE, ev.contentReceived(DISK, { checksum: OTHER_SHA })])
      .when(cmd.complete())
      .thenFails('ContentInvalid');
    expect(error.name).toBe(DISK);
    expect(error.message).toContain('checksum mismatch');
  });

  it('refuses while a file is in ERROR after a size mismatch', () => {
    const error = spec
      .given([...history.ACTIVE, ev.contentReceived(DISK, { size: 9 })])
      .when(cmd.complete())
      .thenFails('ContentInvalid');
    expect(error.message).toBe('size mismatch: declared 10 bytes, received 9');
  });

  it('refuses a second complete, and a complete after cancel, fail or expiry', () => {
    spec.given(history.DONE).when(cmd.complete()).thenFails('NotAllowedInCurrentState');
    expect(
      spec.given(history.CANCELED).when(cmd.complete()).thenFails('NotAllowedInCurrentState').state,
    ).toBe('CANCELED');
    expect(spec.given(history.ERROR).when(cmd.complete()).thenFails('NotAllowedInCurrentState').state).toBe(
      'ERROR',
    );
    const expired = [...history.ACTIVE, ev.canceled([DISK], 'expired', at(300))];
    expect(spec.given(expired).when(cmd.complete()).thenFails('NotAllowedInCurrentState').state).toBe(
      'CANCELED',
    );
  });
});

describe('CompleteUploadSession (BlendVision: parts with etags)', () => {
  const p1 = 'part-00001';
  const p2 = 'part-00002';
  const uploaded = [
    ev.started({ target: blendVisionFile, files: [declared(p1), declared(p2)] }),
    ev.contentReceived(p2, { size: 3, etag: '"e2"' }),
    ev.contentReceived(p1, { size: 5, etag: '"e1"' }),
  ];
  const complete = (parts: { name: string; etag: string }[]) =>
    spec.given(uploaded).when(cmd.complete(parts));

  it('completes when the parts match what was received, in slot order whatever the list order', () => {
    complete([
      { name: p2, etag: '"e2"' },
      { name: p1, etag: '"e1"' },
    ]).then([
      ev.completed([
        { name: p1, size: 5, checksum: DISK_SHA, etag: '"e1"' },
        { name: p2, size: 3, checksum: DISK_SHA, etag: '"e2"' },
      ]),
    ]);
  });

  it('refuses a part whose etag is not the one recorded', () => {
    const error = complete([
      { name: p1, etag: '"e1"' },
      { name: p2, etag: '"stale"' },
    ]).thenFails('EtagMismatch');
    expect(error).toEqual({
      _tag: 'EtagMismatch',
      command: 'CompleteUploadSession',
      name: p2,
      expected: '"e2"',
      actual: '"stale"',
    });
  });

  it('completes with the listed parts only, as S3 does: a part left out is not content', () => {
    complete([{ name: p1, etag: '"e1"' }]).then([
      ev.completed([{ name: p1, size: 5, checksum: DISK_SHA, etag: '"e1"' }]),
    ]);
  });

  it('leaves out a declared part that never arrived when the list does not name it', () => {
    spec
      .given(uploaded.slice(0, 2))
      .when(cmd.complete([{ name: p2, etag: '"e2"' }]))
      .then([ev.completed([{ name: p2, size: 3, checksum: DISK_SHA, etag: '"e2"' }])]);
  });

  it('refuses an empty part list', () => {
    expect(complete([]).thenFails('ContentMissing').names).toEqual([p1, p2]);
  });

  it('refuses a part that was never uploaded', () => {
    const error = spec
      .given(uploaded.slice(0, 2))
      .when(
        cmd.complete([
          { name: p1, etag: '"e1"' },
          { name: p2, etag: '"e2"' },
        ]),
      )
      .thenFails('ContentMissing');
    expect(error.names).toEqual([p1]);
  });

  it('refuses a part the upload does not have', () => {
    const error = complete([
      { name: p1, etag: '"e1"' },
      { name: p2, etag: '"e2"' },
      { name: 'part-00003', etag: '"e3"' },
    ]).thenFails('FileNotFound');
    expect(error.name).toBe('part-00003');
  });

  it('refuses a part listed twice', () => {
    const error = complete([
      { name: p1, etag: '"e1"' },
      { name: p1, etag: '"e1"' },
      { name: p2, etag: '"e2"' },
    ]).thenFails('InvalidArgument');
    expect(error.field).toBe('parts');
  });
});
