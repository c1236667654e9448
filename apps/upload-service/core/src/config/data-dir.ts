import * as path from 'node:path';
import { NonEmptyText } from './config-codecs';

/**
 * `DATA_DIR`, the folder the service keeps its files in by default (events, content, read models):
 * read by each slice that places a file there, with the same codec and default.
 */
export const dataDirVariable = { DATA_DIR: NonEmptyText };

/** The data folder, absolute (default `./data`). */
export const dataDirOf = (values: { readonly DATA_DIR?: string | undefined }, cwd: string): string =>
  path.resolve(cwd, values.DATA_DIR ?? './data');
