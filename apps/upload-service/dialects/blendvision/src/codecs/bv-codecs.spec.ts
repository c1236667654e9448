import * as E from 'fp-ts/Either';
import {
  BatchDeleteFilesRequest,
  CompleteUploadFileBody,
  filterOfQuery,
  ListFilesQuery,
  UploadFileRequest,
} from './bv-codecs';
import { decode } from './decode';

const file = { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name: 'a.mp4' };

describe('BlendVision request codecs', () => {
  it('read int64 sizes as decimal strings or numbers, as grpc-gateway does', () => {
    for (const size of ['260543670', 260543670]) {
      const decoded = UploadFileRequest.decode({ file: { ...file, size } });
      expect(E.isRight(decoded) && decoded.right.file.size).toBe(260543670);
    }
    for (const size of ['-1', '1.5', '0x10', 1.5, -1, '', null, '99999999999999999999']) {
      expect(E.isLeft(UploadFileRequest.decode({ file: { ...file, size } }))).toBe(true);
    }
  });

  it('ignore unknown fields, as grpc-gateway does', () => {
    const decoded = UploadFileRequest.decode({
      file: { ...file, size: '1', permission: {} },
      multimodality_enabled: true,
    });
    expect(E.isRight(decoded)).toBe(true);
  });

  it('name the offending field in the refusal', () => {
    expect(decode(UploadFileRequest, { file: { ...file, size: 'x' } }, 'request body')).toEqual(
      E.left(expect.objectContaining({ _tag: 'BvInvalidArgument', field: 'file.size' })),
    );
    expect(
      decode(
        CompleteUploadFileBody,
        {
          complete_data: {
            id: 'u',
            parts: [
              { part_number: 1, etag: 'a' },
              { part_number: 'two', etag: 'b' },
            ],
          },
        },
        'request body',
      ),
    ).toEqual(E.left(expect.objectContaining({ field: 'complete_data.parts[1].part_number' })));
    expect(decode(UploadFileRequest, 'nope', 'request body')).toEqual(
      E.left(expect.objectContaining({ field: 'request body' })),
    );
  });

  it('read repeated query keys as lists and single ones as one-element lists', () => {
    const one = ListFilesQuery.decode({
      type: 'FILE_TYPE_VIDEO',
      'filter.labels': 'a',
      'filter.all': 'true',
      current_page: '2',
    });
    expect(E.isRight(one) && [filterOfQuery(one.right), one.right.current_page]).toEqual([
      { all: true, labels: ['a'], group_ids: [], face_ids: [], subtitle_formats: [] },
      2,
    ]);
    const many = ListFilesQuery.decode({ type: 'FILE_TYPE_VIDEO', 'filter.labels': ['a', 'b'] });
    expect(E.isRight(many) && filterOfQuery(many.right).labels).toEqual(['a', 'b']);
  });

  it('bound batch deletes', () => {
    expect(E.isRight(BatchDeleteFilesRequest.decode({ ids: Array.from({ length: 1000 }, String) }))).toBe(
      true,
    );
    expect(E.isLeft(BatchDeleteFilesRequest.decode({ ids: Array.from({ length: 1001 }, String) }))).toBe(
      true,
    );
  });
});
