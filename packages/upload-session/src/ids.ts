import { checkedString, patternString } from './primitives';

/** Identifiers are safe in paths, stream names and headers: no slashes, spaces or control characters. */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const SessionId = patternString('SessionId', idPattern);
export const OrganizationId = patternString('OrganizationId', idPattern);
export const LibraryItemId = patternString('LibraryItemId', idPattern);
export const LibraryId = patternString('LibraryId', idPattern);
export const FileId = patternString('FileId', idPattern);
/** vSphere's `content_version` of the library item when the session began (a string of digits there). */
export const ContentVersion = patternString('ContentVersion', idPattern);

// Control characters (C0 and DEL) are refused too: names end up in headers, logs and file systems.
// eslint-disable-next-line no-control-regex
const forbiddenInFileName = /[/\\\u0000-\u001f\u007f]/;

export const isFileName = (s: string): boolean =>
  s.length >= 1 && s.length <= 255 && s !== '.' && s !== '..' && !forbiddenInFileName.test(s);

/** The name of a file slot in a session (a vSphere file name, or a BlendVision part name like `part-00001`). */
export const FileName = checkedString(
  'FileName (1-255 chars; no "/", "\\", control chars; not "." or "..")',
  isFileName,
);

/** vSphere's `client_token`: printable ASCII without spaces. */
export const ClientToken = patternString('ClientToken (1-256 printable ASCII chars)', /^[\x21-\x7e]{1,256}$/);

/** An entity tag as a storage answers a PUT with, quotes included when it sends them. */
export const Etag = patternString('Etag (1-256 printable ASCII chars)', /^[\x20-\x7e]{1,256}$/);
