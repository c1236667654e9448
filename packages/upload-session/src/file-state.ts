import { checksumsEqual } from './checksum';
import type { DeclaredFile } from './declared-file';
import type { FileState, ReceivedContent } from './upload-session-state';

/** Why received content does not match the declaration, or null when it does (or nothing was declared). */
export const contentMismatch = (
  declared: Pick<FileState, 'declaredSize' | 'declaredChecksum'>,
  received: Pick<ReceivedContent, 'size' | 'checksum'>,
): string | null => {
  if (declared.declaredSize !== null && declared.declaredSize !== received.size) {
    return `size mismatch: declared ${declared.declaredSize} bytes, received ${received.size}`;
  }
  const expected = declared.declaredChecksum;
  if (expected !== null && expected.algorithm !== received.checksum.algorithm) {
    return `checksum algorithm mismatch: declared ${expected.algorithm}, received ${received.checksum.algorithm}`;
  }
  if (expected !== null && !checksumsEqual(expected, received.checksum)) {
    return `${expected.algorithm} checksum mismatch: declared ${expected.value}, received ${received.checksum.value}`;
  }
  return null;
};

export const declaredFileState = (file: DeclaredFile): FileState => ({
  name: file.name,
  declaredSize: file.size,
  declaredChecksum: file.checksum,
  received: null,
  status: 'WAITING_FOR_TRANSFER',
  errorMessage: null,
  interruption: null,
});

/** A mismatch does not drop the content: the file turns ERROR (vSphere: "a mismatch fails the file"). */
export const withReceivedContent = (file: FileState, received: ReceivedContent): FileState => {
  const mismatch = contentMismatch(file, received);
  return {
    ...file,
    received,
    status: mismatch === null ? 'READY' : 'ERROR',
    errorMessage: mismatch,
    interruption: null,
  };
};
