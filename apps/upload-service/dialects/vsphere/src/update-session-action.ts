import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { CompleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/complete/complete-upload-session.command';
import { FailUploadSessionCommand } from '@upload-sessions/service-core/sessions/fail/fail-upload-session.command';
import { KeepAliveUploadSessionCommand } from '@upload-sessions/service-core/sessions/keep-alive/keep-alive-upload-session.command';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';

/** The operations both vSphere families run on an update session by one POST with an action. */
export const UPDATE_SESSION_ACTIONS = ['cancel', 'complete', 'fail', 'keep-alive'] as const;

/**
 * An action as each family decodes it from its own request (`/api` strict, `/rest` with govmomi's
 * defaults): what the shared dispatch turns into a core command.
 */
export type UpdateSessionAction =
  | { readonly action: 'cancel' }
  | { readonly action: 'complete' }
  | { readonly action: 'fail'; readonly message: string }
  | { readonly action: 'keep-alive'; readonly progress: number | null };

export type UpdateSessionActionCommand =
  | CancelUploadSessionCommand
  | CompleteUploadSessionCommand
  | FailUploadSessionCommand
  | KeepAliveUploadSessionCommand;

/** The core command of a decoded action on session `sessionId`. */
export const updateSessionActionCommand = (
  context: CommandContext,
  sessionId: string,
  action: UpdateSessionAction,
): UpdateSessionActionCommand => {
  switch (action.action) {
    case 'cancel':
      return new CancelUploadSessionCommand(context, sessionId);
    case 'complete':
      return new CompleteUploadSessionCommand(context, sessionId);
    case 'fail':
      return new FailUploadSessionCommand(context, sessionId, action.message);
    case 'keep-alive':
      return new KeepAliveUploadSessionCommand(context, sessionId, action.progress);
  }
};
