import * as E from 'fp-ts/Either';
import type { UploadSessionState } from '@upload-sessions/domain';
import type { EventStore, GlobalPosition, RecordedEvent, Subscription } from '@upload-sessions/event-store';
import type { ContentStore } from '@upload-sessions/service-core/content/content-store';
import type { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import type { CleanUpContribution } from '@upload-sessions/service-core/dialect/dialect';
import type { InfrastructureError } from '@upload-sessions/service-core/event-sourcing/infrastructure-error';
import { UPLOAD_SESSION_STREAM_PREFIX } from '@upload-sessions/service-core/event-sourcing/stream-names';
import type { ReadModelDatabase } from '../projections/read-model-database';
import { Checkpoints } from '../projections/runner/checkpoints';
import type { LogLevel } from '@upload-sessions/service-core/config/app-config';
import type { CleanUpStats } from './clean-up-stats';

/** The processor's row in the read-model database's checkpoints table. */
export const CLEAN_UP_CHECKPOINT = 'content-clean-up';
const CHECKPOINT_VERSION = 1;
/** The most events handled before the checkpoint is written even without a caught-up mark. */
const CHECKPOINT_EVERY = 64;

/** The events after which content must go: a session ended without completing, a file was deleted. */
export const CLEAN_UP_EVENT_TYPES = [
  'UploadSessionCanceled',
  'UploadSessionFailed',
  'UploadSessionDeleted',
] as const;

export interface ContentCleanUpOptions {
  readonly store: EventStore;
  /** The dialects' events that release content (e.g. a deleted BlendVision file). */
  readonly contributions: readonly CleanUpContribution[];
  /** Holds the checkpoint (the projections' table, a row of its own). */
  readonly database: ReadModelDatabase;
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

const sleep = (ms: number, wake: (cancel: () => void) => void): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake(() => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Deletes the content of canceled, failed, expired and deleted sessions and of deleted BlendVision
 * files, driven by the event log: a catch-up subscription from its own checkpoint (the projections'
 * checkpoint table), moved only after the deletions it covers succeeded. The handlers delete inline too (the fast
 * path); this is what guarantees it: a crash between the event and the deletion is made good on the
 * next start, a failed deletion is retried with backoff, and deleting twice is harmless.
 */
export class ContentCleanUpProcessor {
  private readonly checkpoints: Checkpoints;
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: () => void = () => undefined;
  private live = false;
  private readonly caughtUpWaiters: (() => void)[] = [];

  constructor(private readonly options: ContentCleanUpOptions) {
    this.checkpoints = new Checkpoints(options.database.writer);
  }

  start(): void {
    if (this.loop !== undefined) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
    this.caughtUpWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** Resolves once the processor has handled the log up to its head (or stopped). */
  caughtUp(): Promise<void> {
    if (this.live) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  /** The committed checkpoint (null: nothing handled yet). */
  get position(): GlobalPosition | null {
    return this.checkpoints.read(CLEAN_UP_CHECKPOINT)?.position ?? null;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const from = this.position;
      const subscription = this.options.store.subscribeToAll({
        ...(from !== null ? { after: from } : {}),
        filter: {
          streamPrefixes: [
            UPLOAD_SESSION_STREAM_PREFIX,
            ...this.options.contributions.map((c) => c.streamPrefix),
          ],
          eventTypes: [...CLEAN_UP_EVENT_TYPES, ...this.options.contributions.flatMap((c) => c.eventTypes)],
        },
      });
      this.subscription = subscription;
      // Events handled since the checkpoint was last written. It is written at each caught-up mark (the
      // end of each page of events) and every CHECKPOINT_EVERY events, not once per event: a transaction
      // per canceled session was a cost of every cancel, and redoing a few deletions after a crash is
      // harmless.
      let unsaved = 0;
      let handledUpTo: GlobalPosition | undefined;
      try {
        for await (const message of subscription) {
          if (this.stopping) break;
          if (message.kind === 'event') {
            if (!(await this.handle(message.event))) break;
            unsaved += 1;
            handledUpTo = message.event.position;
            if (unsaved >= CHECKPOINT_EVERY) {
              this.advance(handledUpTo, unsaved);
              unsaved = 0;
            }
          } else {
            const upTo = message.position ?? handledUpTo;
            if (upTo !== undefined) this.advance(upTo, unsaved);
            unsaved = 0;
            this.live = true;
            this.caughtUpWaiters.splice(0).forEach((resolve) => resolve());
          }
        }
      } catch (error) {
        // The checkpoint database refused a write (locked, closed): resubscribe from the checkpoint.
        this.options.log('warn', 'content clean-up interrupted; resuming from its checkpoint', {
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        await subscription.close();
      }
      if (!this.stopping) await sleep(this.options.retryFirstMs ?? 1000, (cancel) => (this.wake = cancel));
    }
  }

  /** Deletes what the event calls for, retrying with backoff until it succeeds; false: stopping. */
  private async handle(event: RecordedEvent): Promise<boolean> {
    const first = this.options.retryFirstMs ?? 1000;
    const cap = this.options.retryMaxMs ?? 60_000;
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
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
        return true;
      } catch (error) {
        const waitMs = Math.min(cap, first * 2 ** Math.min(attempt, 20));
        this.options.stats.retries += 1;
        this.options.log('warn', 'content clean-up failed; retrying', {
          eventType: event.type,
          streamName: event.streamName,
          attempt: attempt + 1,
          retryInMs: waitMs,
          error: error instanceof Error ? error.message : String(error),
        });
        await sleep(waitMs, (cancel) => (this.wake = cancel));
      }
    }
    return false;
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

  /** Moves the checkpoint forward only: two instances sharing the database never move it back. */
  private advance(position: GlobalPosition, handled: number): void {
    this.options.database.transaction(() => {
      const stored = this.checkpoints.read(CLEAN_UP_CHECKPOINT);
      if (stored?.position != null && position <= stored.position) return;
      this.checkpoints.write({
        name: CLEAN_UP_CHECKPOINT,
        version: CHECKPOINT_VERSION,
        position,
        events: (stored?.events ?? 0) + handled,
      });
    });
  }
}
