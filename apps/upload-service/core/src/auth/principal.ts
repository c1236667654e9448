import type { EventMetadata } from '@upload-sessions/domain';

/** Who is calling: an authenticated user and the organization whose items and sessions they may touch. */
export interface Principal {
  readonly username: string;
  readonly organizationId: string;
}

/** The actor recorded in event metadata for a user's command. */
export const actorOf = (principal: Principal): EventMetadata['actor'] => ({
  id: principal.username,
  kind: 'user',
});
