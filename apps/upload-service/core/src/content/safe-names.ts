/**
 * The only values that ever become parts of a file-system path. Everything reaching the content
 * store has passed one of these checks first, so no input can climb out of the content directory.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Ids this service mints (sessions, library items, libraries) are lowercase UUIDs. */
export const isResourceId = (value: string): boolean => UUID.test(value);

/**
 * File names of an update session: letters, digits, space, dot, dash, underscore, plus sign; up to
 * 200 characters; not starting with a dot or a space (no `.`/`..`, no hidden files, which the store
 * uses for its own incoming files).
 */
const FILE_NAME = /^[A-Za-z0-9_+-][A-Za-z0-9 ._+-]{0,199}$/;

export const isSafeFileName = (value: string): boolean => FILE_NAME.test(value) && !value.endsWith(' ');
