/** S3's limit, which BlendVision's storage follows: a bigger file gets bigger parts, not more. */
export const MAX_PARTS = 10_000;

export interface PartPlan {
  /** Bytes of every part but the last. */
  readonly partSize: number;
  readonly count: number;
}

/**
 * How a file of `size` bytes is split: parts of the configured size, grown when the file would
 * otherwise need more than MAX_PARTS. An empty file still has one (empty) part to PUT.
 */
export const planParts = (size: number, configuredPartSize: number): PartPlan => {
  const partSize = Math.max(configuredPartSize, Math.ceil(size / MAX_PARTS));
  return { partSize, count: Math.max(1, Math.ceil(size / partSize)) };
};

/** Exact byte length of part `partNumber` (1-based) of a file of `size` bytes. */
export const partLength = (size: number, partSize: number, partNumber: number): number =>
  Math.max(0, Math.min(partSize, size - (partNumber - 1) * partSize));

/** The session's file slot for a part: `part-00001` … `part-10000`, so slots sort in part order. */
export const partName = (partNumber: number): string => `part-${String(partNumber).padStart(5, '0')}`;

/** The part number a slot name stands for, or undefined for a name that is not a part's. */
export const partNumberOf = (name: string): number | undefined => {
  const match = /^part-(\d{5})$/.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};
