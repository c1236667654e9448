import type {
  EventStore,
  GlobalFilter,
  GlobalPosition,
  RecordedEvent,
  Subscription,
  SubscriptionMessage,
} from '@upload-sessions/event-store';

export type ProcessorState = 'stopped' | 'catching-up' | 'live' | 'failed';

export type ProcessorLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

/** What a batch handler may ask of the processor running it. */
export interface ProcessorControl {
  /** True once `stop()` was called: a handler retrying something gives up. */
  readonly stopping: boolean;
  /** Waits `ms`, or less if the processor stops meanwhile. */
  sleep(ms: number): Promise<void>;
}

/**
 * Takes events in log order. `upTo`: the log was read to there (a caught-up mark), so the checkpoint
 * may move there even without events. Returns why it failed (the processor resubscribes from its
 * checkpoint after a pause), or undefined. Throwing counts as failing.
 */
export type BatchHandler = (
  events: readonly RecordedEvent[],
  upTo: GlobalPosition | undefined,
  control: ProcessorControl,
) => Promise<string | undefined> | string | undefined;

export interface ProcessorOptions {
  /** Names the processor in logs (and, for the kinds below, its checkpoint). */
  readonly id: string;
  readonly store: EventStore;
  /** Which events of the log it reads. */
  readonly filter: GlobalFilter;
  /** Where to resume, exclusive (its committed checkpoint); null: from the start. */
  readonly resumeFrom: () => GlobalPosition | null;
  readonly handleBatch: BatchHandler;
  /** Most events per batch while catching up (live events go as soon as none is waiting). */
  readonly batchSize?: number;
  /**
   * Least time between the starts of two live batches (default 0). Under load, events arriving
   * meanwhile wait in the subscription and go into the next batch: fewer, larger transactions. A
   * processor that was idle for that long hands a live event over at once.
   */
  readonly liveIntervalMs?: number;
  /** Wait before resubscribing after a failure. */
  readonly retryDelayMs?: number;
  /** The log line written when it fails (and will resubscribe), and its level. */
  readonly failureLog?: { readonly level: 'warn' | 'error'; readonly message: string };
  readonly log?: ProcessorLog;
}

const IDLE = Symbol('idle');

/** Resolves in the event loop's next check phase, after the microtasks queued now (and I/O polled). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A reader of the event log that survives everything: a catch-up subscription from its checkpoint,
 * events handed over in batches, caught-up marks, pause and resume, a failure (an unreadable event, a
 * database or handler error, a subscription that ended) answered by resubscribing from the committed
 * checkpoint after a pause. Projectors and reactors are the two ways its batches are handled.
 */
export class Processor {
  private state: ProcessorState = 'stopped';
  private error: string | null = null;
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeSleepers: (() => void)[] = [];
  private readonly caughtUpWaiters: (() => void)[] = [];
  private pauseGate: { readonly promise: Promise<void>; readonly release: () => void } | undefined;
  private readonly control: ProcessorControl;
  /** When the last live batch was handed over (performance.now()). */
  private lastLiveFlushAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ProcessorOptions) {
    const isStopping = (): boolean => this.stopping;
    this.control = {
      get stopping() {
        return isStopping();
      },
      sleep: (ms) => this.sleep(ms),
    };
  }

  get id(): string {
    return this.options.id;
  }

  get status(): { readonly state: ProcessorState; readonly error: string | null } {
    return { state: this.state, error: this.error };
  }

  start(): void {
    if (this.loop !== undefined) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.resume();
    this.wakeSleepers.splice(0).forEach((wake) => wake());
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
    this.state = 'stopped';
    this.caughtUpWaiters.splice(0).forEach((wake) => wake());
  }

  /** Stops handing over events until `resume()`. */
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

  /** Resolves once it has caught up with the log (or stopped). */
  caughtUp(): Promise<void> {
    if (this.state === 'live') return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakeSleepers = this.wakeSleepers.filter((w) => w !== wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeSleepers.push(wake);
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const from = this.options.resumeFrom();
      this.state = 'catching-up';
      const subscription = this.options.store.subscribeToAll({
        ...(from !== null ? { after: from } : {}),
        filter: this.options.filter,
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
      const { level, message } = this.options.failureLog ?? {
        level: 'error',
        message: `${this.options.id} failed; resubscribing`,
      };
      this.options.log?.(level, message, { error: this.error });
      await this.sleep(this.options.retryDelayMs ?? 5000);
    }
  }

  private async flush(
    events: readonly RecordedEvent[],
    upTo: GlobalPosition | undefined,
  ): Promise<string | undefined> {
    if (events.length === 0 && upTo === undefined) return undefined;
    return this.options.handleBatch(events, upTo, this.control);
  }

  /** Waits out the rest of `liveIntervalMs` since the last live batch; false when stopping. */
  private async waitForLiveInterval(): Promise<boolean> {
    const wait = this.lastLiveFlushAt + (this.options.liveIntervalMs ?? 0) - performance.now();
    if (wait > 0) await this.sleep(wait);
    this.lastLiveFlushAt = performance.now();
    return !this.stopping;
  }

  /** Reads the subscription until it ends (undefined) or a batch fails (the reason). */
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
        // Hand over what we hold as soon as the subscription has nothing more at hand.
        next = await Promise.race([pending, nextTurn().then((): typeof IDLE => IDLE)]);
        if (next === IDLE) {
          if (this.state === 'live' && !(await this.waitForLiveInterval())) return undefined;
          const failure = await this.flush(batch, undefined);
          batch = [];
          if (failure !== undefined || this.stopping) return failure;
          continue;
        }
      } else {
        next = await pending;
      }
      if (next.done === true || this.stopping) {
        return this.stopping ? undefined : await this.flush(batch, undefined);
      }
      pending = iterator.next();
      const message = next.value;
      if (message.kind === 'event') {
        batch.push(message.event);
        if (batch.length >= batchSize) {
          const failure = await this.flush(batch, undefined);
          batch = [];
          if (failure !== undefined || this.stopping) return failure;
        }
        continue;
      }
      if (batch.length > 0 && this.state === 'live') {
        // A live event arrives while its writer is still answering: the subscription wakes inside the
        // append, and its caught-up mark follows in the same run of microtasks. Handing the batch over
        // there would put the handler's work (a projection's transaction) before the command's answer;
        // one turn of the event loop lets the writer answer first. Readers wait for the position anyway.
        await nextTurn();
        if (this.stopping || !(await this.waitForLiveInterval())) return undefined;
      }
      const failure = await this.flush(batch, message.position);
      batch = [];
      if (failure !== undefined || this.stopping) return failure;
      this.state = 'live';
      this.error = null;
      this.caughtUpWaiters.splice(0).forEach((wake) => wake());
    }
  }
}
