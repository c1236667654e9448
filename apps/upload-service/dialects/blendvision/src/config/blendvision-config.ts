import * as E from 'fp-ts/Either';
import { IntegerInRange } from '@upload-sessions/service-core/config/config-codecs';
import { defineConfigSlice } from '@upload-sessions/service-core/config/config-slice';
import { BvApiTokensCodec } from './bv-config-codecs';

/** A BlendVision API token: only its SHA-256 is configured; it may act for the listed organizations. */
export interface BvApiTokenConfig {
  readonly name: string;
  readonly tokenHash: string;
  readonly organizationIds: readonly string[];
}

/** BlendVision's own settings: its API tokens, its parts, its links. */
export interface BlendvisionConfig {
  /** Empty: the development token is active (see README). */
  readonly apiTokens: readonly BvApiTokenConfig[];
  /** Size of the parts a BlendVision upload is split into (the last one may be smaller). */
  readonly partSizeBytes: number;
  /** Smallest part a complete-upload accepts, but for the last listed one (S3: 5 MiB). */
  readonly minPartSizeBytes: number;
  /** Longest part a PUT may send (S3: 5 GiB); a part is never longer than its file either. */
  readonly maxPartSizeBytes: number;
  /** How long a `:download` link stays valid. */
  readonly downloadUrlTtlSeconds: number;
  /** How long a BlendVision upload and its part URLs stay valid. */
  readonly uploadTtlSeconds: number;
}

export const BLENDVISION_CONFIG = Symbol('BlendvisionConfig');

/**
 * Clients slice a file by the part count (`ceil(size / count)` bytes each), which makes every part but
 * the last more than half the part size: with a minimum of at most half, such slices always complete.
 */
const checkPartSizes = (partSize: number, minPartSize: number, maxPartSize: number): string[] => [
  ...(minPartSize * 2 > partSize
    ? [`BV_MIN_PART_SIZE_BYTES: must be at most half of BV_PART_SIZE_BYTES (${partSize}), got ${minPartSize}`]
    : []),
  ...(maxPartSize < partSize
    ? [`BV_MAX_PART_SIZE_BYTES: must be at least BV_PART_SIZE_BYTES (${partSize}), got ${maxPartSize}`]
    : []),
];

export const blendvisionConfig = defineConfigSlice({
  key: 'blendvision',
  token: BLENDVISION_CONFIG,
  variables: {
    BV_API_TOKENS: BvApiTokensCodec,
    BV_PART_SIZE_BYTES: IntegerInRange(1024, 5 * 1024 ** 3),
    BV_MIN_PART_SIZE_BYTES: IntegerInRange(1, 5 * 1024 ** 3),
    BV_MAX_PART_SIZE_BYTES: IntegerInRange(1024, Number.MAX_SAFE_INTEGER),
    BV_DOWNLOAD_URL_TTL_SECONDS: IntegerInRange(1, 7 * 24 * 3600),
    BV_UPLOAD_TTL_SECONDS: IntegerInRange(60, 7 * 24 * 3600),
  },
  defaults: {
    // BlendVision hands out one part URL for a file up to 100 MB; S3's part limits are 5 MiB and 5 GiB.
    BV_PART_SIZE_BYTES: 100 * 1024 * 1024,
    BV_MAX_PART_SIZE_BYTES: 5 * 1024 ** 3,
    // As long as the vendor's download links (X-Amz-Expires=86400 in its example).
    BV_DOWNLOAD_URL_TTL_SECONDS: 24 * 3600,
    BV_UPLOAD_TTL_SECONDS: 6 * 3600,
  },
  build: (v): E.Either<string[], BlendvisionConfig> => {
    // Unset: S3's 5 MiB, or half the part size when that is smaller (see checkPartSizes).
    const minPartSize =
      v.BV_MIN_PART_SIZE_BYTES ?? Math.min(5 * 1024 * 1024, Math.floor(v.BV_PART_SIZE_BYTES / 2));
    const partSizes = checkPartSizes(v.BV_PART_SIZE_BYTES, minPartSize, v.BV_MAX_PART_SIZE_BYTES);
    if (partSizes.length > 0) return E.left(partSizes);
    return E.right({
      apiTokens: v.BV_API_TOKENS ?? [],
      partSizeBytes: v.BV_PART_SIZE_BYTES,
      minPartSizeBytes: minPartSize,
      maxPartSizeBytes: v.BV_MAX_PART_SIZE_BYTES,
      downloadUrlTtlSeconds: v.BV_DOWNLOAD_URL_TTL_SECONDS,
      uploadTtlSeconds: v.BV_UPLOAD_TTL_SECONDS,
    });
  },
});
