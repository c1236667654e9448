import * as E from 'fp-ts/Either';
import { bvFileDecider, foldBvFile, type BvFileCommand, type BvFileState } from './bv-file-decider';
import { bvFileCodec, type BvFileEvent } from './bv-file-events';

const FILE = '48cfd0ec-b4d0-491d-b82f-1e0a1d7b08a3';
const create: BvFileCommand = {
  type: 'CreateBvFile',
  fileId: FILE,
  organizationId: 'acme',
  uploadId: '6c7b5231-d4af-4c75-a170-f92cbd617e77',
  fileType: 'FILE_TYPE_VIDEO',
  source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
  name: 'a.mp4',
  size: 10,
  partSize: 8,
  attrs: { k: 'v' },
  metadata: { shortDescription: 's', longDescription: '', labels: ['x'] },
  now: '2026-01-01T00:00:00.000Z',
};

/** Decides `command` after `history`, and folds what it emits. */
const run = (history: readonly BvFileEvent[], command: BvFileCommand) => {
  const state = foldBvFile(history);
  const decided = bvFileDecider.decide(command, state);
  return E.map((events: readonly BvFileEvent[]) => ({ events, after: foldBvFile(events, state) }))(decided);
};
const eventsOf = (history: readonly BvFileEvent[], command: BvFileCommand): BvFileEvent[] => {
  const result = run(history, command);
  if (E.isLeft(result)) throw new Error(result.left._tag);
  return [...history, ...result.right.events];
};

describe('the BlendVision file decider', () => {
  it('creates a file once', () => {
    const created = run([], create);
    expect(E.isRight(created) && created.right.after).toMatchObject({
      status: 'ACTIVE',
      id: FILE,
      name: 'a.mp4',
      size: 10,
      createdAt: create.now,
      updatedAt: create.now,
    });
    expect(run(eventsOf([], create), create)).toEqual(E.left({ _tag: 'BvFileAlreadyExists', fileId: FILE }));
  });

  it('renames, keeps or replaces metadata, and deletes', () => {
    const history = eventsOf([], create);
    const renamed = eventsOf(history, {
      type: 'UpdateBvFile',
      fileId: FILE,
      name: 'b.mp4',
      metadata: null,
      now: '2026-01-02T00:00:00.000Z',
    });
    expect(foldBvFile(renamed)).toMatchObject({
      name: 'b.mp4',
      metadata: create.metadata,
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
    const relabeled = eventsOf(renamed, {
      type: 'UpdateBvFile',
      fileId: FILE,
      name: 'b.mp4',
      metadata: { shortDescription: '', longDescription: 'l', labels: [] },
      now: '2026-01-03T00:00:00.000Z',
    });
    expect(foldBvFile(relabeled)).toMatchObject({
      metadata: { shortDescription: '', longDescription: 'l', labels: [] },
    });
    const deleted = eventsOf(relabeled, {
      type: 'DeleteBvFile',
      fileId: FILE,
      now: '2026-01-04T00:00:00.000Z',
    });
    expect(foldBvFile(deleted).status).toBe('DELETED');
  });

  it('refuses to change a file that does not exist or was deleted', () => {
    const gone = eventsOf(eventsOf([], create), { type: 'DeleteBvFile', fileId: FILE, now: create.now });
    for (const history of [[], gone]) {
      for (const command of [
        { type: 'UpdateBvFile', fileId: FILE, name: 'x', metadata: null, now: create.now },
        { type: 'DeleteBvFile', fileId: FILE, now: create.now },
      ] as const) {
        expect(run(history, command)).toEqual(E.left({ _tag: 'BvFileNotFound', fileId: FILE }));
      }
    }
  });

  it('stores events as plain JSON that reads back the same', () => {
    const history = eventsOf(eventsOf([], create), { type: 'DeleteBvFile', fileId: FILE, now: create.now });
    for (const event of history) {
      const encoded = bvFileCodec.encode(event);
      const recorded = JSON.parse(
        JSON.stringify({ ...encoded, id: 'e', metadata: {}, streamName: 's', revision: 0 }),
      );
      expect(bvFileCodec.decode(recorded)).toEqual(E.right(event));
    }
    expect(E.isLeft(bvFileCodec.decode({ type: 'BvFileCreated', data: { fileId: 1 } } as never))).toBe(true);
  });

  it('ignores events that cannot apply (a corrupted stream never throws)', () => {
    const state: BvFileState = { status: 'NONE' };
    expect(bvFileDecider.evolve(state, { type: 'BvFileDeleted', data: { deletedAt: create.now } })).toBe(
      state,
    );
  });
});
