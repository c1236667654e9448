import { bvFileDecider, type BvFileState } from '../files/bv-file-decider';
import { bvFileCodec, type BvFileEvent } from '../files/bv-file-events';
import { BV_FILE_STREAM_PREFIX } from '../files/bv-file-streams';
import {
  StreamStateReadModel,
  type StreamRow,
} from '@upload-sessions/read-side/projections/read-models/stream-state-read-model';

const file = (row: StreamRow<BvFileState>) => (row.state.status === 'NONE' ? undefined : row.state);

/**
 * BlendVision files by id and by organization and type. A file's status comes from its upload
 * session: queries join this table with upload_sessions on upload_id.
 */
export const bvFilesReadModel = new StreamStateReadModel<BvFileState, BvFileEvent>({
  name: 'bv-files',
  version: 1,
  table: 'bv_files',
  streamPrefix: BV_FILE_STREAM_PREFIX,
  decode: bvFileCodec.decode,
  initialState: bvFileDecider.initialState,
  evolve: bvFileDecider.evolve,
  columns: [
    { name: 'organization_id', type: 'TEXT', value: (row) => file(row)?.organizationId ?? null },
    { name: 'status', type: 'TEXT', value: (row) => row.state.status },
    { name: 'file_type', type: 'TEXT', value: (row) => file(row)?.fileType ?? null },
    { name: 'upload_id', type: 'TEXT', value: (row) => file(row)?.uploadId ?? null },
    { name: 'created_at', type: 'TEXT', value: (row) => file(row)?.createdAt ?? null },
  ],
  indexes: [['organization_id', 'status', 'first_position'], ['upload_id']],
});
