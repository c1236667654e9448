/** Refusals of the BlendVision file aggregate. */
export type BvFileError =
  | { readonly _tag: 'BvFileNotFound'; readonly fileId: string }
  | { readonly _tag: 'BvFileAlreadyExists'; readonly fileId: string };
