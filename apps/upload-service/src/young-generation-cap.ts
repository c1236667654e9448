// Imported first by main.ts, before the modules it loads: loading them is what first grows the young
// generation (see young-generation.ts). Both caps together: peak RSS under the start + cancel load of
// bench/http ~180 MiB instead of ~350 (issue 16, P5).
import {
  capOldGenerationGrowth,
  capYoungGeneration,
  relaxOldGenerationGrowthDuringUploads,
} from './young-generation';

/** MiB per semi-space (V8 grows it to 32–64 here otherwise). */
export const MAX_SEMI_SPACE_MIB = 8;

/** Percent the old generation may grow between full collections (see young-generation.ts). */
export const HEAP_GROWING_PERCENT = 30;

capYoungGeneration(MAX_SEMI_SPACE_MIB);
capOldGenerationGrowth(HEAP_GROWING_PERCENT);

/**
 * While an upload's body (more than LARGE_BODY_BYTES) is received, the old generation may grow by this
 * much instead: its headroom must exceed the young generation's maximum capacity (64 MiB here) or V8
 * keeps marking; 150% (headroom 35–40 MiB) still did, 300% (75–83 MiB) did not (issue 16, P6).
 */
export const HEAP_GROWING_PERCENT_DURING_UPLOADS = 300;
export const LARGE_BODY_BYTES = 1024 * 1024;

relaxOldGenerationGrowthDuringUploads(
  HEAP_GROWING_PERCENT,
  HEAP_GROWING_PERCENT_DURING_UPLOADS,
  LARGE_BODY_BYTES,
);
