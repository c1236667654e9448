import { cleanUpConfig } from './clean-up/clean-up-config';
import { readModelsConfig } from './projections/read-models-config';
import { readYourWritesConfig } from './read-your-writes/read-your-writes-config';

/** The read side's configuration slices. */
export const readSideConfigSlices = [readModelsConfig, readYourWritesConfig, cleanUpConfig] as const;
