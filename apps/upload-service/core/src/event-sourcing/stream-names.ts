/**
 * Stream names: one prefix per aggregate type, so projections and KurrentDB filters can select a type
 * by prefix. Ids are validated before they get here.
 */
export const UPLOAD_SESSION_STREAM_PREFIX = 'upload-session-';
export const LIBRARY_ITEM_STREAM_PREFIX = 'library-item-';
export const LIBRARY_STREAM_PREFIX = 'library-';

export const uploadSessionStream = (sessionId: string): string =>
  `${UPLOAD_SESSION_STREAM_PREFIX}${sessionId}`;
export const libraryItemStream = (itemId: string): string => `${LIBRARY_ITEM_STREAM_PREFIX}${itemId}`;
/** Note: `library-item-…` also starts with `library-`; filter library streams by event type as well. */
export const libraryStream = (libraryId: string): string => `${LIBRARY_STREAM_PREFIX}${libraryId}`;
