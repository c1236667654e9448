import * as t from 'io-ts';
import { OrganizationId } from '@upload-sessions/domain';
import { Identifier, JsonOrValue, matching } from '@upload-sessions/service-core/config/config-codecs';

/** `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`, as written by `hash-password`. */
export const ScryptHashText = matching(
  'a scrypt$N$r$p$salt$hash password hash (see README: hash-password)',
  /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
);

export const UserCodec = t.strict(
  {
    username: Identifier,
    passwordHash: ScryptHashText,
    // The domain's own codec: an organization it refuses would be written into events it cannot read back.
    organizationId: OrganizationId,
  },
  'a user {username, passwordHash, organizationId}',
);

export const UsersCodec = JsonOrValue.pipe(
  t.array(UserCodec, 'a JSON array of users'),
  'a JSON array of users',
);
