import type { TransferInFlight, UploadSession } from '@upload-sessions/domain';
import type { TransferRegistry } from '../../content/transfer-registry';

/**
 * The session's transfers this instance is receiving, with their bytes so far: a cancel, fail or
 * expiry records them in its event, so the files say what the ending stopped.
 */
export const transfersInFlight = (transfers: TransferRegistry, session: UploadSession): TransferInFlight[] =>
  session.files.flatMap((file) => {
    const bytesReceived = transfers.progress(session.sessionId, file.name);
    return bytesReceived === undefined || bytesReceived === 0 ? [] : [{ name: file.name, bytesReceived }];
  });
