import * as E from 'fp-ts/Either';
import type { UploadSessionState } from '@upload-sessions/domain';
import {
  Reactor,
  recordedAsIs,
  type CheckpointStore,
  type Transactional,
} from '@upload-sessions/event-sourcing';
import type { EventStore, GlobalPosition, RecordedEvent } from '@upload-sessions/event-store';
import type { ContentStore } from '@upload-sessions/service-core/content/content-store';
import type { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import type { CleanUpContribution } from '@upload-sessions/service-core/dialect/dialect';
import type { InfrastructureError } from '@upload-sessions/service-core/event-sourcing/infrastructure-error';
import { UPLOAD_SESSION_STREAM_PREFIX } from '@upload-sessions/service-core/event-sourcing/stream-names';
import type { LogLevel } from '@upload-sessions/service-core/logging/logging-config';
import type { CleanUpStats } from './clean-up-stats';

/** The reactor's id: its row in the checkpoint store (the read-model database's checkpoints table). */
export const CLEAN_UP_CHECKPOINT = 'content-clean-up';
const CHECKPOINT_VERSION = 1;
/** The most events handled before the checkpoint is written even without a caught-up mark. */
const CHECKPOINT_EVERY = 64;
/**
 * At most one live batch (and checkpoint transaction) per 10 ms: under load the events of that time go
 * into one batch; the handlers delete inline anyway, so this only delays the guarantee (issue 16, P1).
 */
const LIVE_INTERVAL_MS = 10;

/** The events after which content must go: a session ended without completing, a file was deleted. */
export const CLEAN_UP_EVENT_TYPES = [
  'UploadSessionCanceled',
  'UploadSessionFailed',
  'UploadSessionDeleted',
] as const;

export interface ContentCleanUpOptions<Tx> {
  readonly store: EventStore;
  /** The dialects' events that release content (e.g. a deleted BlendVision file). */
  readonly contributions: readonly CleanUpContribution[];
  /** Holds the checkpoint (a row of its own), written in transactions of `database`. */
  readonly checkpoints: CheckpointStore<Tx>;
  readonly database: Transactional<Tx>;
  readonly content: ContentStore;
  readonly transfers: TransferRegistry;
  /** A session's current state, whatever its organization (a deleted session may still hold content). */
  readonly loadSession: (sessionId: string) => Promise<E.Either<InfrastructureError, UploadSessionState>>;
  readonly stats: CleanUpStats;
  readonly log: (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;
  /** Backoff of a failed deletion: the first wait, doubled up to the cap. */
  readonly retryFirstMs?: number;
  readonly retryMaxMs?: number;
}

type Action =
  | { readonly kind: 'session'; readonly id: string; readonly reason: string }
  | { readonly kind: 'item'; readonly id: string; readonly reason: string }
  | { readonly kind: 'none' };

/**
 * Deletes the content of canceled, failed, expired and deleted sessions and of what the dialects
 * release (e.g. deleted BlendVision files): a reactor of the event-sourcing core (its own checkpoint,
 * moved only after the deletions it covers succeeded; a failed deletion retried with backoff). The
 * handlers delete inline too (the fast path); this is what guarantees it: a crash between the event and
 * the deletion is made good on the next start, and deleting twice is harmless.
 */
export class ContentCleanUpProcessor<Tx = unknown> {
  private readonly reactor: Reactor<RecordedEvent, Tx>;

  constructor(private readonly options: ContentCleanUpOptions<Tx>) {
    this.reactor = new Reactor({
      id: CLEAN_UP_CHECKPOINT,
      name: 'content clean-up',
      store: options.store,
      filter: {
        streamPrefixes: [UPLOAD_SESSION_STREAM_PREFIX, ...options.contributions.map((c) => c.streamPrefix)],
        eventTypes: [...CLEAN_UP_EVENT_TYPES, ...options.contributions.flatMap((c) => c.eventTypes)],
      },
      decode: recordedAsIs,
      handle: (event) => this.handle(event),
      database: options.database,
      checkpoints: options.checkpoints,
      checkpointVersion: CHECKPOINT_VERSION,
      checkpointEvery: CHECKPOINT_EVERY,
      liveIntervalMs: LIVE_INTERVAL_MS,
      ...(options.retryFirstMs !== undefined ? { retryFirstMs: options.retryFirstMs } : {}),
      ...(options.retryMaxMs !== undefined ? { retryMaxMs: options.retryMaxMs } : {}),
      onRetry: () => {
        options.stats.retries += 1;
      },
      log: (level, message, fields) => options.log(level, message, fields),
    });
  }

  start(): void {
    this.reactor.start();
  }

  stop(): Promise<void> {
    return this.reactor.stop();
  }

  /** Resolves once the processor has handled the log up to its head (or stopped). */
  caughtUp(): Promise<void> {
    return this.reactor.caughtUp();
  }

  /** The committed checkpoint (null: nothing handled yet). */
  get position(): GlobalPosition | null {
    return this.reactor.position;
  }

  /** Deletes what the event calls for; throws to be retried. */
  private async handle(event: RecordedEvent): Promise<void> {
    const action = await this.actionFor(event);
    if (action.kind === 'session') {
      this.options.transfers.abortSession(action.id, action.reason);
      await this.options.content.discardSession(action.id);
    } else if (action.kind === 'item') {
      await this.options.content.discardItem(action.id);
    }
    if (action.kind !== 'none') {
      this.options.stats.processed += 1;
      this.options.log('debug', 'content clean-up', {
        [action.kind === 'session' ? 'sessionId' : 'fileId']: action.id,
        reason: action.reason,
        position: event.position,
      });
    }
  }

  private async actionFor(event: RecordedEvent): Promise<Action> {
    const contribution = this.options.contributions.find((c) => event.streamName.startsWith(c.streamPrefix));
    if (contribution !== undefined) return contribution.actionFor(event);
    const id = event.streamName.slice(UPLOAD_SESSION_STREAM_PREFIX.length);
    if (event.type === 'UploadSessionCanceled')
      return { kind: 'session', id, reason: 'the update session was canceled' };
    if (event.type === 'UploadSessionFailed')
      return { kind: 'session', id, reason: 'the update session failed' };
    // Deleted: a completed session's staged files belong to its item (the sweep commits any left over).
    const state = await this.options.loadSession(id);
    if (E.isLeft(state)) throw new Error(`loading session ${id}: ${state.left._tag}`);
    return state.right.status === 'DELETED' && state.right.statusBeforeDelete === 'DONE'
      ? { kind: 'none' }
      : { kind: 'session', id, reason: 'the update session was deleted' };
  }
}
