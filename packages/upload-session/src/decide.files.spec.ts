import { uploadSessionDecider } from './decider';
import { DeciderSpecification } from './testing/decider-specification';
import { at, cmd, declared, DISK, DISK_SHA, ev, OTHER_SHA, sha256 } from './test-support/fixtures';

const spec = DeciderSpecification.for(uploadSessionDecider);
const started = ev.started({ files: [declared(DISK, 10, DISK_SHA)] });

describe('AddFile', () => {
  it('adds a slot that waits for its content', () => {
    const { state } = spec
      .given([started])
      .when(cmd.addFile('disk.ovf', { size: 4, checksum: OTHER_SHA }))
      .then([ev.fileAdded('disk.ovf', { size: 4, checksum: OTHER_SHA })]);
    expect(state.status === 'ACTIVE' && state.files.map((f) => [f.name, f.status])).toEqual([
      [DISK, 'WAITING_FOR_TRANSFER'],
      ['disk.ovf', 'WAITING_FOR_TRANSFER'],
    ]);
    expect(state).toMatchObject({ updatedAt: at(10) });
  });

  it('refuses a name already in the session', () => {
    const error = spec.given([started]).when(cmd.addFile(DISK)).thenFails('FileAlreadyExists');
    expect(error).toEqual({ _tag: 'FileAlreadyExists', command: 'AddFile', name: DISK });
  });
});

describe('RemoveFile', () => {
  it('removes a slot that has no content: nothing to delete', () => {
    const { state } = spec
      .given([started])
      .when(cmd.removeFile(DISK))
      .then([ev.fileRemoved(DISK, [])]);
    expect(state.status === 'ACTIVE' && state.files).toEqual([]);
  });

  it('removes a slot with content and names the bytes to delete', () => {
    spec
      .given([started, ev.contentReceived(DISK)])
      .when(cmd.removeFile(DISK))
      .then([ev.fileRemoved(DISK, [DISK])]);
  });

  it('refuses an unknown name', () => {
    const error = spec.given([started]).when(cmd.removeFile('nope.bin')).thenFails('FileNotFound');
    expect(error).toEqual({ _tag: 'FileNotFound', command: 'RemoveFile', name: 'nope.bin' });
  });

  it('lets a removed name be added again', () => {
    spec
      .given([started, ev.fileRemoved(DISK, [])])
      .when(cmd.addFile(DISK))
      .then([ev.fileAdded(DISK)]);
  });
});

describe('RecordContent', () => {
  it('records matching content: the file is READY', () => {
    const { state } = spec
      .given([started])
      .when(cmd.recordContent(DISK))
      .then([ev.contentReceived(DISK)]);
    expect(state.status === 'ACTIVE' && state.files[0]).toEqual({
      name: DISK,
      declaredSize: 10,
      declaredChecksum: DISK_SHA,
      received: { size: 10, checksum: DISK_SHA, etag: '"etag-disk.vmdk"', receivedAt: at(30) },
      status: 'READY',
      errorMessage: null,
      interruption: null,
    });
  });

  it('compares hex digests without regard to case', () => {
    const upper = sha256(DISK_SHA.value.toUpperCase());
    const { state } = spec
      .given([started])
      .when(cmd.recordContent(DISK, { checksum: upper }))
      .then([ev.contentReceived(DISK, { checksum: upper })]);
    expect(state.status === 'ACTIVE' && state.files[0]?.status).toBe('READY');
  });

  it('records a size mismatch but fails the file', () => {
    const { state } = spec
      .given([started])
      .when(cmd.recordContent(DISK, { size: 11 }))
      .then([ev.contentReceived(DISK, { size: 11 })]);
    expect(state.status === 'ACTIVE' && state.files[0]).toMatchObject({
      status: 'ERROR',
      errorMessage: 'size mismatch: declared 10 bytes, received 11',
    });
  });

  it('records a checksum mismatch but fails the file', () => {
    const { state } = spec
      .given([started])
      .when(cmd.recordContent(DISK, { checksum: OTHER_SHA }))
      .then([ev.contentReceived(DISK, { checksum: OTHER_SHA })]);
    const file = state.status === 'ACTIVE' ? state.files[0] : undefined;
    expect(file?.status).toBe('ERROR');
    expect(file?.errorMessage).toMatch(/^SHA256 checksum mismatch: declared a+, received b+$/);
  });

  it('fails the file when the service measured another algorithm than the one declared', () => {
    const md5 = { algorithm: 'MD5', value: '0'.repeat(32) } as const;
    const { state } = spec
      .given([started])
      .when(cmd.recordContent(DISK, { checksum: md5 }))
      .then([ev.contentReceived(DISK, { checksum: md5 })]);
    expect(state.status === 'ACTIVE' && state.files[0]?.errorMessage).toBe(
      'checksum algorithm mismatch: declared SHA256, received MD5',
    );
  });

  it('accepts anything for a file declared without size or checksum', () => {
    const { state } = spec
      .given([ev.started({ files: [declared('part-00001')] })])
      .when(cmd.recordContent('part-00001', { size: 12345, checksum: OTHER_SHA }))
      .then([ev.contentReceived('part-00001', { size: 12345, checksum: OTHER_SHA })]);
    expect(state.status === 'ACTIVE' && state.files[0]?.status).toBe('READY');
  });

  it('replaces earlier content of the same name, which can repair a failed file', () => {
    const { state } = spec
      .given([started, ev.contentReceived(DISK, { size: 11 })])
      .when(cmd.recordContent(DISK, { etag: '"second"', now: at(35) }))
      .then([ev.contentReceived(DISK, { etag: '"second"', receivedAt: at(35) })]);
    expect(state.status === 'ACTIVE' && state.files[0]).toMatchObject({
      status: 'READY',
      errorMessage: null,
      received: { etag: '"second"', receivedAt: at(35) },
    });
  });

  it('refuses content for a name the session does not have', () => {
    const error = spec.given([started]).when(cmd.recordContent('nope.bin')).thenFails('FileNotFound');
    expect(error).toEqual({ _tag: 'FileNotFound', command: 'RecordContent', name: 'nope.bin' });
  });
});
