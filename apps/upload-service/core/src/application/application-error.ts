import type { UploadSessionError } from '@upload-sessions/domain';
import type { GrantError } from './grant-error';
import type { ContentError } from '../content/content-store';
import type { InfrastructureError } from '../event-sourcing/infrastructure-error';
import type { LibraryError } from './library-error';

/** Refusals the application adds to the domain's: requests that are wrong before any decision. */
export type RequestError =
  | { readonly _tag: 'InvalidRequest'; readonly message: string }
  | { readonly _tag: 'Unsupported'; readonly message: string }
  /** The same file of a session is already being received. */
  | { readonly _tag: 'TransferInProgress'; readonly sessionId: string; readonly fileName: string };

/** Everything a command or query can answer instead of a result; each dialect maps it once. */
export type ApplicationError =
  UploadSessionError | LibraryError | InfrastructureError | ContentError | GrantError | RequestError;

export const invalidRequest = (message: string): RequestError => ({ _tag: 'InvalidRequest', message });
