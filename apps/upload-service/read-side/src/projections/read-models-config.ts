import * as E from 'fp-ts/Either';
import { defineConfigSlice } from '@upload-sessions/service-core/config/config-slice';
import { dataDirOf, dataDirVariable } from '@upload-sessions/service-core/config/data-dir';

/** Where the read models are kept: `<DATA_DIR>/read-models.sqlite`. */
export interface ReadModelsConfig {
  readonly dataDir: string;
}

export const READ_MODELS_CONFIG = Symbol('ReadModelsConfig');

export const readModelsConfig = defineConfigSlice({
  key: 'readModels',
  token: READ_MODELS_CONFIG,
  variables: dataDirVariable,
  defaults: {},
  build: (v, { cwd }): E.Either<string[], ReadModelsConfig> => E.right({ dataDir: dataDirOf(v, cwd) }),
});
