import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { BaseUrl, Secret } from '../config/config-codecs';
import { defineConfigSlice } from '../config/config-slice';

/** What the dialects' signed URLs (upload URIs, part and download URLs) are signed with and start with. */
export interface SignedUrlsConfig {
  /** HMAC key for the signed URLs. */
  readonly secret: Buffer;
  /** True when UPLOAD_URL_SECRET is unset: the URLs handed out stop working after a restart. */
  readonly secretGenerated: boolean;
  /** Base of the URLs handed out; absent: taken from the request's Host. */
  readonly publicBaseUrl: string | undefined;
}

export const SIGNED_URLS_CONFIG = Symbol('SignedUrlsConfig');

export const signedUrlsConfig = defineConfigSlice({
  key: 'signedUrls',
  token: SIGNED_URLS_CONFIG,
  variables: { UPLOAD_URL_SECRET: Secret, PUBLIC_BASE_URL: BaseUrl },
  defaults: {},
  build: (v): E.Either<string[], SignedUrlsConfig> =>
    E.right({
      // Without a configured secret the URLs handed out stop working after a restart.
      secret: v.UPLOAD_URL_SECRET !== undefined ? Buffer.from(v.UPLOAD_URL_SECRET, 'utf8') : randomBytes(32),
      secretGenerated: v.UPLOAD_URL_SECRET === undefined,
      publicBaseUrl: v.PUBLIC_BASE_URL,
    }),
});
