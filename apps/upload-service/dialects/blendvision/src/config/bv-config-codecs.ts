import * as t from 'io-ts';
import { OrganizationId } from '@upload-sessions/domain';
import { Identifier, JsonOrValue } from '@upload-sessions/service-core/config/config-codecs';

const matching = (name: string, pattern: RegExp): t.Type<string, string, unknown> =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && pattern.test(u),
    (u, c) =>
      typeof u === 'string' && pattern.test(u.trim()) ? t.success(u.trim().toLowerCase()) : t.failure(u, c),
    (s) => s,
  );

/**
 * `sha256:<64 hex digits>` of a BlendVision API token: tokens are long random strings, so a plain
 * SHA-256 keeps them safe at rest while checking each request stays cheap (see README).
 */
export const ApiTokenHash = matching(
  'sha256:<64 hex digits> (printf %s "$TOKEN" | sha256sum)',
  /^sha256:[0-9a-fA-F]{64}$/,
);

export const BvApiTokenCodec = t.strict(
  {
    name: Identifier,
    tokenHash: ApiTokenHash,
    // The domain's own codec: an organization it could not read back from its events is no use.
    organizationIds: t.array(OrganizationId, 'a list of organization ids'),
  },
  'a BlendVision API token {name, tokenHash, organizationIds}',
);

export const BvApiTokensCodec = JsonOrValue.pipe(
  t.array(BvApiTokenCodec, 'a JSON array of API tokens'),
  'a JSON array of API tokens',
);
