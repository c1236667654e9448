import type * as E from 'fp-ts/Either';
import { blendvisionConfig } from '@upload-sessions/dialect-blendvision/config/blendvision-config';
import { vsphereConfig } from '@upload-sessions/dialect-vsphere/config/vsphere-config';
import { readSideConfigSlices } from '@upload-sessions/read-side/read-side-config';
import type { ConfigOf } from '@upload-sessions/service-core/config/config-slice';
import { coreConfigSlices } from '@upload-sessions/service-core/config/core-config';
import { loadConfig } from '@upload-sessions/service-core/config/load-config';

/** Every configuration slice of the service: core's, the read side's and each dialect's. */
export const serviceConfigSlices = [
  ...coreConfigSlices,
  ...readSideConfigSlices,
  vsphereConfig,
  blendvisionConfig,
] as const;

/** The validated configuration the service runs with: each module's slice under its key. */
export type ServiceConfig = ConfigOf<typeof serviceConfigSlices>;

/** Reads every slice from the environment (and CONFIG_FILE); Left: one message per bad value. */
export const loadServiceConfig = (
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): E.Either<string[], ServiceConfig> => loadConfig(serviceConfigSlices, env, cwd);
