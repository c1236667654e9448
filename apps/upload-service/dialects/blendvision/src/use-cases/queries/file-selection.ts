import type { FileType, ListFileFilter } from '../../codecs/bv-codecs';
import type { FileWithUpload } from '../../files/bv-file-streams';
import { fileStatusOf } from '../../files/upload-summary';

/**
 * The files `list files` shows for a type and filter, in the order given (newest first, as the
 * sources answer them). By default only files whose upload
 * succeeded (as BlendVision lists them); `filter.all` shows every status. Names match case-insensitively
 * as substrings; labels with AND semantics. Files here carry no groups, subtitles or recognised faces,
 * so a filter on any of those matches none of them.
 */
export const selectFiles = (
  files: readonly FileWithUpload[],
  fileType: FileType,
  filter: ListFileFilter,
): FileWithUpload[] => {
  const name = filter.name?.toLowerCase() ?? '';
  const labels = filter.labels ?? [];
  const unsupported =
    (filter.group_ids?.length ?? 0) > 0 ||
    (filter.subtitle_formats?.length ?? 0) > 0 ||
    (filter.face_ids?.length ?? 0) > 0;
  if (unsupported) return [];
  return files.filter(({ file, upload }) => {
    if (file.fileType !== fileType) return false;
    if (filter.all !== true && fileStatusOf(upload) !== 'FILE_STATUS_SUCCEED') return false;
    if (name !== '' && !file.name.toLowerCase().includes(name)) return false;
    return labels.every((label) => file.metadata.labels.includes(label));
  });
};

/** Whether a filter asks more than type and outcome (which the read model answers, with paging). */
export const filtersBeyondTheReadModel = (filter: ListFileFilter): boolean =>
  (filter.name ?? '') !== '' ||
  (filter.labels?.length ?? 0) > 0 ||
  (filter.group_ids?.length ?? 0) > 0 ||
  (filter.subtitle_formats?.length ?? 0) > 0 ||
  (filter.face_ids?.length ?? 0) > 0;
