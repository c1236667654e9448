/** Refusals of the BlendVision dialect itself: its file entity, its credentials and its part URLs. */
export type BvError =
  | { readonly _tag: 'BvFileNotFound'; readonly fileId: string }
  | { readonly _tag: 'BvFileAlreadyExists'; readonly fileId: string }
  /** The `upload_id` (or `complete_data.id`) is not the upload of this file. */
  | { readonly _tag: 'UploadNotFound'; readonly fileId: string; readonly uploadId: string }
  | { readonly _tag: 'Unauthenticated' }
  | { readonly _tag: 'MissingOrganization' }
  | { readonly _tag: 'OrganizationNotAllowed'; readonly organizationId: string }
  /** A part URL whose signature is missing, wrong or expired. */
  | { readonly _tag: 'BadPartUrl'; readonly reason: 'malformed' | 'signature' | 'expired' }
  /** The bytes of a part are not as long as the part must be. */
  | {
      readonly _tag: 'PartSizeMismatch';
      readonly partNumber: number;
      readonly expected: number;
      readonly actual: number | null;
    }
  /** A part longer than a part may be: the maximum part size, and never more than its file. */
  | { readonly _tag: 'PartTooLarge'; readonly partNumber: number; readonly limit: number }
  /** complete-upload's parts are not ascending by part number (S3: InvalidPartOrder). */
  | { readonly _tag: 'PartOrder'; readonly partNumber: number; readonly after: number }
  /** A listed part, not the last, shorter than the minimum part size (S3: EntityTooSmall). */
  | {
      readonly _tag: 'PartTooSmall';
      readonly partNumber: number;
      readonly size: number;
      readonly minimum: number;
    }
  /** The listed parts do not add up to the file's declared size. */
  | { readonly _tag: 'PartsSizeMismatch'; readonly listedBytes: number; readonly fileSize: number }
  /** `:download` of a file whose upload has not succeeded: there are no bytes to give. */
  | { readonly _tag: 'FileNotDownloadable'; readonly fileId: string }
  /** A download URL whose signature is missing, wrong or expired. */
  | { readonly _tag: 'BadDownloadUrl'; readonly reason: 'malformed' | 'signature' | 'expired' }
  /** A request that is well-formed JSON but not a valid request (field named by `field`). */
  | { readonly _tag: 'BvInvalidArgument'; readonly field: string; readonly message: string }
  | { readonly _tag: 'BvUnimplemented'; readonly message: string };

export const bvInvalidArgument = (field: string, message: string): BvError => ({
  _tag: 'BvInvalidArgument',
  field,
  message,
});
export const bvFileNotFound = (fileId: string): BvError => ({ _tag: 'BvFileNotFound', fileId });
