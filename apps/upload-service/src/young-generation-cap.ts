// Imported first by main.ts, before the modules it loads: loading them is what first grows the young
// generation (see young-generation.ts). Both caps together: peak RSS under the start + cancel load of
// bench/http ~180 MiB instead of ~350 (issue 16, P5).
import { capOldGenerationGrowth, capYoungGeneration } from './young-generation';

/** MiB per semi-space (V8 grows it to 32–64 here otherwise). */
export const MAX_SEMI_SPACE_MIB = 8;

/** Percent the old generation may grow between full collections (see young-generation.ts). */
export const HEAP_GROWING_PERCENT = 30;

capYoungGeneration(MAX_SEMI_SPACE_MIB);
capOldGenerationGrowth(HEAP_GROWING_PERCENT);
