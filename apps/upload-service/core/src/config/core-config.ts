import { contentConfig } from '../content/content-config';
import { commandsConfig } from '../event-sourcing/commands-config';
import { eventStoreConfig } from '../event-store/event-store-config';
import { httpConfig } from '../http/http-config';
import { rateLimitConfig } from '../http/rate-limit/rate-limit-config';
import { signedUrlsConfig } from '../http/signed-urls-config';
import { loggingConfig } from '../logging/logging-config';
import { sessionsConfig } from '../sessions/sessions-config';

/** Core's configuration slices (the composition root adds the read side's and each dialect's). */
export const coreConfigSlices = [
  httpConfig,
  eventStoreConfig,
  contentConfig,
  commandsConfig,
  sessionsConfig,
  signedUrlsConfig,
  loggingConfig,
  rateLimitConfig,
] as const;
