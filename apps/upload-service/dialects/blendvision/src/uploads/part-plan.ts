/** S3's limit, which BlendVision's storage follows: a bigger file gets bigger parts, not more. */
export const MAX_PARTS = 10_000;

export interface PartPlan {
  /** Bytes of every part but the last. */
  readonly partSize: number;
  readonly count: number;
}

/**
 * How many part URLs a file of `size` bytes gets: one per configured part size, the size grown when the
 * file would otherwise need more than MAX_PARTS. An empty file still has one (empty) part to PUT.
 * Clients cut the file as they like (S3 rules: every part but the last at least the minimum); the
 * vendor's own clients send the whole file on part 1 or `ceil(size / count)` bytes per part.
 */
export const planParts = (size: number, configuredPartSize: number): PartPlan => {
  const partSize = Math.max(configuredPartSize, Math.ceil(size / MAX_PARTS));
  return { partSize, count: Math.max(1, Math.ceil(size / partSize)) };
};

/** The session's file slot for a part: `part-00001` … `part-10000`, so slots sort in part order. */
export const partName = (partNumber: number): string => `part-${String(partNumber).padStart(5, '0')}`;

/** The part number a slot name stands for, or undefined for a name that is not a part's. */
export const partNumberOf = (name: string): number | undefined => {
  const match = /^part-(\d{5})$/.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};
