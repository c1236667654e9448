import * as E from 'fp-ts/Either';
import type { EventStore, GlobalFilter, GlobalPosition, RecordedEvent } from '@upload-sessions/event-store';
import type { CheckpointStore, Transactional } from './checkpoint-store';
import { Processor, type ProcessorControl, type ProcessorLog } from './processor';

export interface ReactorRetry {
  readonly event: RecordedEvent;
  /** 1 for the first failure. */
  readonly attempt: number;
  readonly retryInMs: number;
  readonly error: unknown;
}

export interface ReactorOptions<Ev, Tx> {
  /** Also the name of its checkpoint. */
  readonly id: string;
  /** How its log lines name it (default: the id). */
  readonly name?: string;
  readonly store: EventStore;
  readonly filter: GlobalFilter;
  /** Typed decoding through the aggregates' codecs; an event it cannot read stops the batch (and is retried). */
  readonly decode: (recorded: RecordedEvent) => E.Either<string, Ev>;
  /** The side effect. Throwing (or rejecting) retries it with backoff; it must be safe to run twice. */
  readonly handle: (event: Ev, recorded: RecordedEvent) => Promise<void>;
  readonly database: Transactional<Tx>;
  readonly checkpoints: CheckpointStore<Tx>;
  readonly checkpointVersion?: number;
  /** The most events handled before the checkpoint is written even without a caught-up mark. */
  readonly checkpointEvery?: number;
  /** Least time between two live batches (see ProcessorOptions.liveIntervalMs). */
  readonly liveIntervalMs?: number;
  /** Backoff of a failed handler: the first wait, doubled up to the cap (default 1 s to 60 s). */
  readonly retryFirstMs?: number;
  readonly retryMaxMs?: number;
  /** Told about each failure before the wait (which is also logged as a warning). */
  readonly onRetry?: (retry: ReactorRetry) => void;
  readonly log?: ProcessorLog;
}

/** Undecoded: the recorded event itself, for reactors that need only its type and stream. */
export const recordedAsIs = (recorded: RecordedEvent): E.Either<string, RecordedEvent> => E.right(recorded);

/**
 * A processor for side effects: each event's handler runs until it succeeds (retried with backoff), and
 * the checkpoint moves only past events whose handler succeeded, at each caught-up mark and every
 * `checkpointEvery` events (not once per event: redoing a few handlers after a crash is harmless, a
 * transaction per event is not free). A crash between an event and its side effect is made good on the
 * next start.
 */
export class Reactor<Ev, Tx> {
  private readonly processor: Processor;

  constructor(private readonly options: ReactorOptions<Ev, Tx>) {
    this.processor = new Processor({
      id: options.id,
      store: options.store,
      filter: options.filter,
      resumeFrom: () => this.position,
      handleBatch: (events, upTo, control) => this.handleBatch(events, upTo, control),
      batchSize: options.checkpointEvery ?? 64,
      ...(options.liveIntervalMs !== undefined ? { liveIntervalMs: options.liveIntervalMs } : {}),
      retryDelayMs: options.retryFirstMs ?? 1000,
      failureLog: {
        level: 'warn',
        message: `${options.name ?? options.id} interrupted; resuming from its checkpoint`,
      },
      ...(options.log !== undefined ? { log: options.log } : {}),
    });
  }

  /** The committed checkpoint (null: nothing handled yet). */
  get position(): GlobalPosition | null {
    return this.options.checkpoints.read(this.options.id)?.position ?? null;
  }

  start(): void {
    this.processor.start();
  }

  stop(): Promise<void> {
    return this.processor.stop();
  }

  caughtUp(): Promise<void> {
    return this.processor.caughtUp();
  }

  private async handleBatch(
    events: readonly RecordedEvent[],
    upTo: GlobalPosition | undefined,
    control: ProcessorControl,
  ): Promise<string | undefined> {
    let handled = 0;
    let handledUpTo: GlobalPosition | undefined;
    for (const recorded of events) {
      const event = this.options.decode(recorded);
      if (E.isLeft(event)) {
        if (handledUpTo !== undefined) this.advance(handledUpTo, handled);
        return `${this.options.id} cannot read ${recorded.type} at ${recorded.position}: ${event.left}`;
      }
      if (!(await this.handleWithRetries(event.right, recorded, control))) return undefined;
      handled += 1;
      handledUpTo = recorded.position;
    }
    const position = upTo ?? handledUpTo;
    if (position !== undefined) this.advance(position, handled);
    return undefined;
  }

  /** Runs the handler until it succeeds; false: the reactor is stopping. */
  private async handleWithRetries(
    event: Ev,
    recorded: RecordedEvent,
    control: ProcessorControl,
  ): Promise<boolean> {
    const first = this.options.retryFirstMs ?? 1000;
    const cap = this.options.retryMaxMs ?? 60_000;
    for (let attempt = 0; !control.stopping; attempt++) {
      try {
        await this.options.handle(event, recorded);
        return true;
      } catch (error) {
        const retryInMs = Math.min(cap, first * 2 ** Math.min(attempt, 20));
        const retry = { event: recorded, attempt: attempt + 1, retryInMs, error };
        this.options.onRetry?.(retry);
        this.options.log?.('warn', `${this.options.name ?? this.options.id} failed; retrying`, {
          eventType: recorded.type,
          streamName: recorded.streamName,
          attempt: retry.attempt,
          retryInMs,
          error: error instanceof Error ? error.message : String(error),
        });
        await control.sleep(retryInMs);
      }
    }
    return false;
  }

  /** Moves the checkpoint forward only: two instances sharing the checkpoint store never move it back. */
  private advance(position: GlobalPosition, handled: number): void {
    const { id, database, checkpoints } = this.options;
    database.transaction((tx) => {
      const stored = checkpoints.read(id, tx);
      if (stored?.position != null && position <= stored.position) return;
      checkpoints.write(
        {
          name: id,
          version: this.options.checkpointVersion ?? 1,
          position,
          events: (stored?.events ?? 0) + handled,
        },
        tx,
      );
    });
  }
}
