import type { ContentStore } from '../content/content-store';
import type { ServiceMetrics } from './service-metrics';

/** The content store, measured: bytes received (as they arrive) and transfers in flight. */
export const instrumentContentStore = (store: ContentStore, metrics: ServiceMetrics): ContentStore => ({
  receive: async (request) => {
    let counted = 0;
    metrics.uploadsInFlight.inc();
    try {
      return await store.receive({
        ...request,
        onProgress: (bytes) => {
          metrics.bytesReceived.inc(bytes - counted);
          counted = bytes;
          request.onProgress?.(bytes);
        },
      });
    } finally {
      metrics.uploadsInFlight.dec();
    }
  },
  place: (sessionId, fileName, sha256) => store.place(sessionId, fileName, sha256),
  discardReceived: (sessionId, fileName, sha256) => store.discardReceived(sessionId, fileName, sha256),
  discardFile: (sessionId, fileName) => store.discardFile(sessionId, fileName),
  discardSession: (sessionId) => store.discardSession(sessionId),
  stagedSessions: () => store.stagedSessions(),
  discardStalePartialFiles: (sessionId, before) => store.discardStalePartialFiles(sessionId, before),
  commit: (sessionId, itemId, version) => store.commit(sessionId, itemId, version),
  hasVersion: (itemId, version) => store.hasVersion(itemId, version),
  discardItem: (itemId) => store.discardItem(itemId),
  openCommitted: (itemId, version, fileName, start, end) =>
    store.openCommitted(itemId, version, fileName, start, end),
});
