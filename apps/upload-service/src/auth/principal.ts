/** Who is calling: an authenticated user and the organization whose items and sessions they may touch. */
export interface Principal {
  readonly username: string;
  readonly organizationId: string;
}

/** Actors recorded in event metadata: a user, or the service itself (e.g. the expiry sweep). */
export const actorOf = (principal: Principal): string => `user:${principal.username}`;
export const SYSTEM_EXPIRY_ACTOR = 'system:expiry';
