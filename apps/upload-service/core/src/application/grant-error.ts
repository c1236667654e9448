/** Refusal of a signed upload grant (a presigned upload URI of a dialect). */
export type GrantError = {
  readonly _tag: 'BadUploadToken';
  readonly reason: 'malformed' | 'signature' | 'expired' | 'scope';
};
