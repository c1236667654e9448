import * as path from 'node:path';

export const READ_MODELS_FILE = 'read-models.sqlite';

/** The instance's read models: beside the event store's file, never inside it (either can be rebuilt). */
export const readModelsPath = (dataDir: string): string => path.join(dataDir, READ_MODELS_FILE);
