import { createHash, timingSafeEqual } from 'node:crypto';
import type { BvApiTokenConfig } from '../config/blendvision-config';

/** The token that works while no BV_API_TOKENS are configured (printed in the README and logged). */
export const DEVELOPMENT_TOKEN = {
  name: 'development',
  token: 'bv-development-token',
  organizationIds: ['default'],
} as const;

/** Who is calling the BlendVision API: an API token, by its configured name. */
export interface ApiTokenHolder {
  readonly name: string;
  readonly organizationIds: readonly string[];
}

interface KnownToken extends ApiTokenHolder {
  readonly digest: Buffer;
}

export const sha256Hex = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The `sha256:<hex>` form BV_API_TOKENS holds. */
export const apiTokenHash = (token: string): string => `sha256:${sha256Hex(token)}`;

/** Checks `Authorization: Bearer` tokens against the configured hashes (or the development token). */
export class ApiTokenDirectory {
  private constructor(
    private readonly tokens: readonly KnownToken[],
    readonly usesDevelopmentToken: boolean,
  ) {}

  static create(configured: readonly BvApiTokenConfig[]): ApiTokenDirectory {
    const usesDevelopment = configured.length === 0;
    const entries = usesDevelopment
      ? [{ ...DEVELOPMENT_TOKEN, tokenHash: apiTokenHash(DEVELOPMENT_TOKEN.token) }]
      : configured;
    return new ApiTokenDirectory(
      entries.map(({ name, tokenHash, organizationIds }) => ({
        name,
        organizationIds: [...organizationIds],
        digest: Buffer.from(tokenHash.slice('sha256:'.length), 'hex'),
      })),
      usesDevelopment,
    );
  }

  /** The token's holder; every configured digest is compared in constant time, so timing tells nothing. */
  authenticate(token: string): ApiTokenHolder | undefined {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: KnownToken | undefined;
    for (const known of this.tokens) {
      if (timingSafeEqual(known.digest, digest) && found === undefined) found = known;
    }
    return found === undefined ? undefined : { name: found.name, organizationIds: found.organizationIds };
  }
}

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or another scheme. */
export const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(header ?? '');
  return match?.[1];
};
