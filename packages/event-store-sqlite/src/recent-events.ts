import {
  matchesFilter,
  type GlobalFilter,
  type GlobalPosition,
  type SubscriptionPage,
} from '@upload-sessions/event-store';
import { afterCounter, rowPosition, toRecordedEvents, type EventRow } from './sqlite-reader';

/** How many rows are kept: subscriptions read right behind the head, a commit or two after it. */
const DEFAULT_CAPACITY = 2048;

/**
 * The rows this process's writer committed last, contiguous in position. Subscriptions (the live
 * projection, reactors) read a page right behind the head after every commit; from here that page
 * costs no SQL read, and no re-read of the pages the commit took out of the reader's cache: ~50 µs of
 * the event loop per page instead of ~130 under the start + cancel load (issue 16, P1). Rows, not
 * events: each page parses its JSON afresh, as a read from the file does, so no two readers share
 * objects.
 */
export class RecentEvents {
  private rows: EventRow[] = [];

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The rows of one commit, in position order. A gap (another process wrote between) starts afresh. */
  add(committed: readonly EventRow[]): void {
    const first = committed[0];
    if (first === undefined) return;
    const last = this.rows[this.rows.length - 1];
    if (last === undefined || first[0] !== last[0] + 1) this.rows = [];
    for (const row of committed) this.rows.push(row);
    // Trimmed in steps, not on every commit.
    if (this.rows.length > 2 * this.capacity) this.rows = this.rows.slice(-this.capacity);
  }

  /**
   * The page after `after`, exactly as the file would give it, or undefined when these rows cannot
   * tell: `after` is older than the oldest row kept, or the file's head (`headCounter`, read last) is
   * not the newest row kept (another process committed since).
   */
  page(
    after: GlobalPosition | undefined,
    maxCount: number | undefined,
    filter: GlobalFilter | undefined,
    headCounter: () => number | undefined,
  ): SubscriptionPage | undefined {
    const first = this.rows[0];
    const last = this.rows[this.rows.length - 1];
    if (first === undefined || last === undefined) return undefined;
    const from = afterCounter(after);
    if (from < first[0] - 1 || from > last[0] || headCounter() !== last[0]) return undefined;
    const limit = maxCount === undefined ? Infinity : Math.max(0, Math.floor(maxCount));
    const picked: EventRow[] = [];
    for (let i = from + 1 - first[0]; i < this.rows.length && picked.length < limit; i++) {
      const row = this.rows[i] as EventRow;
      if (matchesFilter({ streamName: row[1], type: row[4] }, filter)) picked.push(row);
    }
    const isEnd = maxCount === undefined || picked.length < maxCount;
    const lastPicked = picked[picked.length - 1];
    const scannedTo = isEnd ? rowPosition(last[0]) : lastPicked && rowPosition(lastPicked[0]);
    return { events: toRecordedEvents(picked), isEnd, scannedTo };
  }
}
