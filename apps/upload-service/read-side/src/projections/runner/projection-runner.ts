import * as E from 'fp-ts/Either';
import type {
  EventStore,
  GlobalPosition,
  RecordedEvent,
  Subscription,
  SubscriptionMessage,
} from '@upload-sessions/event-store';
import type { ReadModelDatabase } from '../read-model-database';
import { liveTables, type ReadModel } from '@upload-sessions/service-core/dialect/read-model';
import { applyBatch, type BatchHooks, type ProjectionTarget } from './apply-batch';
import { Checkpoints } from './checkpoints';
import { PositionWaiters } from './position-waiters';
import { prepareTables } from './prepare-tables';

export type RunnerState = 'stopped' | 'catching-up' | 'live' | 'failed';

export type RunnerLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  readonly database: ReadModelDatabase;
  readonly readModels: readonly ReadModel[];
  /** Most events per transaction while catching up (live events commit as soon as none is waiting). */
  readonly batchSize?: number;
  /** Wait before resubscribing after a failure (an unreadable event, a database error). */
  readonly retryDelayMs?: number;
  readonly log?: RunnerLog;
  readonly hooks?: BatchHooks & {
    /** Called after each commit with the number of events applied so far by this runner. */
    readonly afterCommit?: (appliedTotal: number) => void;
  };
}

export interface ReadModelStatus {
  readonly name: string;
  readonly version: number;
  readonly position: GlobalPosition | null;
  readonly events: number;
  readonly updatedAt: string | null;
}

export interface RunnerStatus {
  readonly state: RunnerState;
  readonly error: string | null;
  readonly readModels: readonly ReadModelStatus[];
  /** When the runner last committed a change (ISO-8601), this process. */
  readonly lastCommitAt: string | null;
}

const IDLE = Symbol('idle');

const minPosition = (positions: Iterable<GlobalPosition | null>): GlobalPosition | null => {
  let min: GlobalPosition | null | undefined;
  for (const p of positions) {
    if (p === null) return null;
    if (min === undefined || min === null || p < min) min = p;
  }
  return min ?? null;
};

/**
 * Keeps the read models up to date: one catch-up subscription to the global log (filtered to the read
 * models' stream categories) from the lowest checkpoint; events are applied in batches, each batch and
 * the checkpoints in one transaction (see applyBatch). A crash at any point loses nothing and applies
 * nothing twice: the next start resumes from the committed checkpoints.
 */
export class ProjectionRunner {
  private readonly checkpoints: Checkpoints;
  private readonly waiters = new PositionWaiters();
  private readonly targets: readonly ProjectionTarget[];
  private readonly positions = new Map<string, GlobalPosition | null>();
  private state: RunnerState = 'stopped';
  private error: string | null = null;
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeRetry: () => void = () => {};
  private applied = 0;
  private lastCommitAt: string | null = null;
  private readonly caughtUpWaiters: (() => void)[] = [];
  private pauseGate: { readonly promise: Promise<void>; readonly release: () => void } | undefined;

  private constructor(private readonly options: ProjectionRunnerOptions) {
    const { database, readModels } = options;
    this.checkpoints = new Checkpoints(database.writer);
    for (const model of readModels) {
      const prepared = prepareTables(database, this.checkpoints, model, liveTables, model.name, false);
      if (prepared !== 'kept')
        options.log?.('info', `read model ${model.name}: tables ${prepared}, replaying from the start`);
    }
    this.targets = readModels.map((model) => ({
      checkpoint: model.name,
      version: model.version,
      writer: model.writer(database.writer, liveTables),
    }));
    for (const model of readModels)
      this.positions.set(model.name, this.checkpoints.read(model.name)?.position ?? null);
    this.waiters.advance(minPosition(this.positions.values()) ?? undefined);
  }

  /** Prepares the tables (replacing those of another version) without starting. */
  static create(options: ProjectionRunnerOptions): E.Either<string, ProjectionRunner> {
    try {
      return E.right(new ProjectionRunner(options));
    } catch (error) {
      return E.left(`preparing read models: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  start(): void {
    if (this.loop !== undefined) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /**
   * Stops applying events until `resume()` (maintenance; tests use it to hold the read models behind).
   * Reads that wait for a position meanwhile wait up to their bound.
   */
  pause(): void {
    if (this.pauseGate !== undefined) return;
    let release: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.pauseGate = { promise, release };
  }

  resume(): void {
    this.pauseGate?.release();
    this.pauseGate = undefined;
  }

  get paused(): boolean {
    return this.pauseGate !== undefined;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.resume();
    this.wakeRetry();
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
    this.state = 'stopped';
    this.waiters.close();
    this.caughtUpWaiters.splice(0).forEach((wake) => wake());
  }

  /** The position every read model has reached (undefined: none yet). */
  get position(): GlobalPosition | undefined {
    return this.waiters.position;
  }

  /** Resolves true once every read model has reached `position`, false after `timeoutMs`. */
  waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(position, timeoutMs);
  }

  /** Resolves when the runner has caught up with the log (or stopped). */
  caughtUp(): Promise<void> {
    if (this.state === 'live') return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  get pendingWaits(): number {
    return this.waiters.pending;
  }

  /** The committed checkpoints (read from the database: a rebuild may have swapped tables in meanwhile). */
  status(): RunnerStatus {
    const stored = new Map(this.checkpoints.all().map((c) => [c.name, c] as const));
    return {
      state: this.state,
      error: this.error,
      lastCommitAt: this.lastCommitAt,
      readModels: this.options.readModels.map((model) => {
        const checkpoint = stored.get(model.name);
        return {
          name: model.name,
          version: model.version,
          position: checkpoint?.position ?? null,
          events: checkpoint?.events ?? 0,
          updatedAt: checkpoint?.updatedAt ?? null,
        };
      }),
    };
  }

  private async run(): Promise<void> {
    const prefixes = [...new Set(this.options.readModels.flatMap((m) => m.streamPrefixes))];
    while (!this.stopping) {
      const from = minPosition(this.positions.values());
      this.state = 'catching-up';
      const subscription = this.options.store.subscribeToAll({
        ...(from !== null ? { after: from } : {}),
        filter: { streamPrefixes: prefixes },
      });
      this.subscription = subscription;
      let failure: string | undefined;
      try {
        failure = await this.consume(subscription);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      } finally {
        await subscription.close();
      }
      if (this.stopping) break;
      this.state = 'failed';
      this.error = failure ?? 'the subscription ended';
      this.options.log?.('error', 'projection failed; retrying', { error: this.error });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.retryDelayMs ?? 5000);
        this.wakeRetry = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Reads the subscription until it ends (undefined) or an event cannot be applied (the reason). */
  private async consume(subscription: Subscription): Promise<string | undefined> {
    const batchSize = Math.max(1, this.options.batchSize ?? 256);
    const iterator = subscription[Symbol.asyncIterator]();
    let batch: RecordedEvent[] = [];
    let pending: Promise<IteratorResult<SubscriptionMessage>> = iterator.next();
    for (;;) {
      if (this.pauseGate !== undefined) {
        await this.pauseGate.promise;
        if (this.stopping) return undefined;
      }
      let next: IteratorResult<SubscriptionMessage> | typeof IDLE;
      if (batch.length > 0) {
        // Commit what we hold as soon as the subscription has nothing more at hand.
        next = await Promise.race([
          pending,
          new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE))),
        ]);
        if (next === IDLE) {
          const failure = this.flush(batch, undefined);
          batch = [];
          if (failure !== undefined) return failure;
          continue;
        }
      } else {
        next = await pending;
      }
      if (next.done === true || this.stopping) {
        return this.stopping ? undefined : (this.flush(batch, undefined) ?? undefined);
      }
      pending = iterator.next();
      const message = next.value;
      if (message.kind === 'event') {
        batch.push(message.event);
        if (batch.length >= batchSize) {
          const failure = this.flush(batch, undefined);
          batch = [];
          if (failure !== undefined) return failure;
        }
        continue;
      }
      const failure = this.flush(batch, message.position);
      batch = [];
      if (failure !== undefined) return failure;
      this.state = 'live';
      this.error = null;
      this.caughtUpWaiters.splice(0).forEach((wake) => wake());
    }
  }

  private flush(events: readonly RecordedEvent[], upTo: GlobalPosition | undefined): string | undefined {
    if (events.length === 0) {
      const current = minPosition(this.positions.values());
      if (upTo === undefined || (current !== null && upTo <= current)) return undefined;
    }
    const outcome = applyBatch(
      this.options.database,
      this.checkpoints,
      this.targets,
      events,
      upTo,
      this.options.hooks,
    );
    this.applied += outcome.applied;
    this.lastCommitAt = new Date().toISOString();
    for (const [name, position] of outcome.positions) this.positions.set(name, position);
    this.waiters.advance(minPosition(this.positions.values()) ?? undefined);
    this.options.hooks?.afterCommit?.(this.applied);
    if (outcome.failure === undefined) return undefined;
    const { event, checkpoint, message } = outcome.failure;
    return `read model ${checkpoint} cannot apply ${event.type} at ${event.position}: ${message}`;
  }
}
