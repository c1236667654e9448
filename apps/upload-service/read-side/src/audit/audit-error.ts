/** Why an audit query has no answer. */
export type AuditError =
  /** Unknown, or another organization's (the two are indistinguishable to the caller). */
  | { readonly _tag: 'AuditSessionNotFound'; readonly sessionId: string }
  | { readonly _tag: 'InvalidAuditQuery'; readonly message: string }
  | { readonly _tag: 'AuditStoreUnavailable'; readonly message: string };

export const auditSessionNotFound = (sessionId: string): AuditError => ({
  _tag: 'AuditSessionNotFound',
  sessionId,
});
export const invalidAuditQuery = (message: string): AuditError => ({ _tag: 'InvalidAuditQuery', message });
