import type { GlobalPosition } from '@upload-sessions/event-store';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';
import type { WriteTracker } from '@upload-sessions/service-core/read-your-writes/write-tracker';
import type { PositionSource } from './position-source';

export interface ReadGateStats {
  /** Reads that had to wait for the read models. */
  readonly waits: number;
  /** Waits that ended at the bound instead. */
  readonly timeouts: number;
}

export type ReadGateLog = (message: string, fields: Record<string, unknown>) => void;

/**
 * Makes reads see the caller's writes. A request that sends the position of a write waits for it
 * before it is handled (see registerReadYourWrites). Any read-model query also waits for the last
 * write of the calling organization's actor on this instance, so the dialects' own clients, which send
 * no position, read what they wrote (outside any request: for this process's last write). Both waits
 * are bounded by `timeoutMs`.
 */
export class ReadGate {
  private waits = 0;
  private timeouts = 0;

  constructor(
    private readonly projection: PositionSource,
    private readonly tracker: WriteTracker,
    readonly timeoutMs: number,
    private readonly log: ReadGateLog = () => undefined,
  ) {}

  get stats(): ReadGateStats {
    return { waits: this.waits, timeouts: this.timeouts };
  }

  /** Waits until the read models have reached `position`; false when the bound came first. */
  async reach(position: GlobalPosition): Promise<boolean> {
    const current = this.projection.position;
    if (current !== undefined && position <= current) return true;
    this.waits += 1;
    const reached = await this.projection.waitFor(position, this.timeoutMs);
    if (!reached) this.timeouts += 1;
    return reached;
  }

  /**
   * Before a read-model query: waits for the caller's own last write (best effort: after the bound the
   * query answers from the read models as they are, and the delay is logged).
   */
  async beforeRead(): Promise<void> {
    const request = this.tracker.currentRequest();
    // Outside any request (the application layer used directly): this process's own last write.
    const principal = request === undefined ? undefined : requestInfo(request.request).principal;
    const own =
      request === undefined
        ? this.tracker.lastWrite()
        : principal === undefined
          ? undefined
          : this.tracker.lastWriteOf(principal.organizationId, principal.username);
    if (own === undefined) return;
    if (await this.reach(own)) {
      if (principal !== undefined) this.tracker.forget(principal.organizationId, principal.username, own);
      return;
    }
    this.log('read models did not reach the caller’s last write in time; answering from them as they are', {
      position: own,
      readModels: this.projection.position ?? null,
      waitedMs: this.timeoutMs,
    });
  }
}
