import type { BvFile } from '../../files/bv-file-decider';
import type { FileWithUpload } from '../../files/bv-file-streams';
import type { UploadSummary } from '../../files/upload-summary';
import { selectFiles } from './file-selection';

const file = (
  id: string,
  over: Partial<BvFile> = {},
  state: UploadSummary['state'] = 'DONE',
): FileWithUpload => ({
  file: {
    status: 'ACTIVE',
    id,
    organizationId: 'acme',
    uploadId: `u-${id}`,
    fileType: 'FILE_TYPE_VIDEO',
    source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
    name: `${id}.mp4`,
    size: 1,
    partSize: 1,
    attrs: {},
    metadata: { shortDescription: '', longDescription: '', labels: [] },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  },
  upload: { state, endedAt: null },
});

const ids = (files: readonly FileWithUpload[]): string[] => files.map((f) => f.file.id);

describe('selectFiles', () => {
  // Newest first, as the sources give them.
  const files = [
    file('new'),
    file('Labeled', { metadata: { shortDescription: '', longDescription: '', labels: ['a', 'b'] } }),
    file('image', { fileType: 'FILE_TYPE_IMAGE' }),
    file('canceled', {}, 'CANCELED'),
    file('progressing', {}, 'ACTIVE'),
    file('old'),
  ];

  it('shows succeeded files of the type, in the given order; filter.all shows every status', () => {
    expect(ids(selectFiles(files, 'FILE_TYPE_VIDEO', {}))).toEqual(['new', 'Labeled', 'old']);
    expect(ids(selectFiles(files, 'FILE_TYPE_VIDEO', { all: true }))).toEqual([
      'new',
      'Labeled',
      'canceled',
      'progressing',
      'old',
    ]);
    expect(ids(selectFiles(files, 'FILE_TYPE_IMAGE', {}))).toEqual(['image']);
  });

  it('matches names case-insensitively and labels all together', () => {
    expect(ids(selectFiles(files, 'FILE_TYPE_VIDEO', { name: 'LABEL' }))).toEqual(['Labeled']);
    expect(ids(selectFiles(files, 'FILE_TYPE_VIDEO', { labels: ['a'] }))).toEqual(['Labeled']);
    expect(ids(selectFiles(files, 'FILE_TYPE_VIDEO', { labels: ['a', 'c'] }))).toEqual([]);
  });

  it('matches nothing by groups, subtitles or faces, which files here do not have', () => {
    expect(selectFiles(files, 'FILE_TYPE_VIDEO', { group_ids: ['g'] })).toEqual([]);
    expect(selectFiles(files, 'FILE_TYPE_VIDEO', { subtitle_formats: ['SUBTITLE_FORMAT_SRT'] })).toEqual([]);
    expect(selectFiles(files, 'FILE_TYPE_VIDEO', { face_ids: ['f'] })).toEqual([]);
    expect(ids(selectFiles(files, 'FILE_TYPE_VIDEO', { group_ids: [], face_ids: [] }))).toHaveLength(3);
  });
});
