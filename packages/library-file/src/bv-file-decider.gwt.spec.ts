import { DeciderSpecification } from '@upload-sessions/domain/testing';
import { bvFileDecider } from './bv-file-decider';
import { FILE, createFile, day, fileEvent as ev } from './testing/fixtures';

const spec = DeciderSpecification.for(bvFileDecider);
const relabeled = { shortDescription: '', longDescription: 'l', labels: [] };

describe('CreateBvFile', () => {
  it('creates the file as declared', () => {
    const { state } = spec.given([]).when(createFile).then([ev.created()]);
    expect(state).toMatchObject({ status: 'ACTIVE', id: FILE, createdAt: day(0), updatedAt: day(0) });
  });

  it('refuses a second create, also after a delete', () => {
    for (const given of [[ev.created()], [ev.created(), ev.deleted()]]) {
      expect(spec.given(given).when(createFile).thenFails('BvFileAlreadyExists')).toEqual({
        _tag: 'BvFileAlreadyExists',
        fileId: FILE,
      });
    }
  });
});

describe('UpdateBvFile', () => {
  it('renames and keeps the metadata when none is given', () => {
    spec
      .given([ev.created()])
      .when({ type: 'UpdateBvFile', fileId: FILE, name: 'b.mp4', metadata: null, now: day(1) })
      .then([ev.updated('b.mp4', createFile.metadata, 1)]);
  });

  it('replaces the metadata when given', () => {
    const { state } = spec
      .given([ev.created(), ev.updated('b.mp4')])
      .when({ type: 'UpdateBvFile', fileId: FILE, name: 'b.mp4', metadata: relabeled, now: day(3) })
      .then([ev.updated('b.mp4', relabeled, 3)]);
    expect(state).toMatchObject({ name: 'b.mp4', metadata: relabeled, updatedAt: day(3) });
  });

  it('refuses a file that does not exist or was deleted', () => {
    for (const given of [[], [ev.created(), ev.deleted()]]) {
      spec
        .given(given)
        .when({ type: 'UpdateBvFile', fileId: FILE, name: 'x', metadata: null, now: day(4) })
        .thenFails('BvFileNotFound');
    }
  });
});

describe('DeleteBvFile', () => {
  it('deletes a live file', () => {
    const { state } = spec
      .given([ev.created(), ev.updated('b.mp4')])
      .when({ type: 'DeleteBvFile', fileId: FILE, now: day(2) })
      .then([ev.deleted(2)]);
    expect(state).toMatchObject({ status: 'DELETED', name: 'b.mp4', updatedAt: day(2) });
  });

  it('refuses a file that does not exist or was already deleted', () => {
    for (const given of [[], [ev.created(), ev.deleted()]]) {
      expect(
        spec
          .given(given)
          .when({ type: 'DeleteBvFile', fileId: FILE, now: day(5) })
          .thenFails('BvFileNotFound'),
      ).toEqual({ _tag: 'BvFileNotFound', fileId: FILE });
    }
  });
});
