import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { IntegerInRange, NonEmptyText } from '../config/config-codecs';
import { defineConfigSlice } from '../config/config-slice';
import { dataDirOf, dataDirVariable } from '../config/data-dir';

/** Where uploaded bytes go, and how many one file may hold. */
export interface ContentConfig {
  readonly contentDir: string;
  readonly maxUploadBytes: number;
}

export const CONTENT_CONFIG = Symbol('ContentConfig');

export const contentConfig = defineConfigSlice({
  key: 'content',
  token: CONTENT_CONFIG,
  variables: {
    ...dataDirVariable,
    CONTENT_DIR: NonEmptyText,
    MAX_UPLOAD_BYTES: IntegerInRange(1, Number.MAX_SAFE_INTEGER),
  },
  defaults: { MAX_UPLOAD_BYTES: 1024 ** 4 },
  build: (v, { cwd }): E.Either<string[], ContentConfig> =>
    E.right({
      contentDir:
        v.CONTENT_DIR !== undefined
          ? path.resolve(cwd, v.CONTENT_DIR)
          : path.join(dataDirOf(v, cwd), 'content'),
      maxUploadBytes: v.MAX_UPLOAD_BYTES,
    }),
});
