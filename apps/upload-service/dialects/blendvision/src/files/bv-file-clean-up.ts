import type { CleanUpContribution } from '@upload-sessions/service-core/dialect/dialect';
import { BV_FILE_STREAM_PREFIX } from './bv-file-streams';

/** A deleted file's content (its one version) is deleted by the clean-up processor. */
export const bvFileCleanUp: CleanUpContribution = {
  streamPrefix: BV_FILE_STREAM_PREFIX,
  eventTypes: ['BvFileDeleted'],
  actionFor: (event) => ({
    kind: 'item',
    id: event.streamName.slice(BV_FILE_STREAM_PREFIX.length),
    reason: 'the file was deleted',
  }),
};
