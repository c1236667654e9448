import type { CreateBvFile } from '../bv-file-commands';
import type { BvFileEvent } from '../bv-file-events';

/** Instants a day apart from a fixed origin: `day(0)`, `day(1)`, … */
export const day = (n: number): string => new Date(Date.UTC(2026, 0, 1 + n)).toISOString();

export const FILE = '48cfd0ec-b4d0-491d-b82f-1e0a1d7b08a3';
export const UPLOAD = '6c7b5231-d4af-4c75-a170-f92cbd617e77';

export const createFile: CreateBvFile = {
  type: 'CreateBvFile',
  fileId: FILE,
  organizationId: 'acme',
  uploadId: UPLOAD,
  fileType: 'FILE_TYPE_VIDEO',
  source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
  name: 'a.mp4',
  size: 10,
  partSize: 8,
  attrs: { k: 'v' },
  metadata: { shortDescription: 's', longDescription: '', labels: ['x'] },
  now: day(0),
};

/** The events of one file, as the decider writes them. */
export const fileEvent = {
  created: (): BvFileEvent => {
    const { type: _type, now, ...data } = createFile;
    return { type: 'BvFileCreated', data: { ...data, createdAt: now } };
  },
  updated: (name: string, metadata = createFile.metadata, n = 1): BvFileEvent => ({
    type: 'BvFileUpdated',
    data: { name, metadata, updatedAt: day(n) },
  }),
  deleted: (n = 2): BvFileEvent => ({ type: 'BvFileDeleted', data: { deletedAt: day(n) } }),
};
