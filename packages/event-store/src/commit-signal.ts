/**
 * Wakes readers after each commit without polling. A counter rather than a bare event so that a reader
 * cannot miss a commit that lands between its last read and its wait: it waits for a version it has not seen.
 */
export class CommitSignal {
  private currentVersion = 0;
  private isClosed = false;
  private waiters: Array<() => void> = [];

  get version(): number {
    return this.currentVersion;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Call after data became visible to readers. */
  notify(): void {
    this.currentVersion += 1;
    this.wakeAll();
  }

  /** Ends every wait for good; readers then stop. */
  close(): void {
    this.isClosed = true;
    this.wakeAll();
  }

  /**
   * Waits until the version differs from `seen`, the signal closes or `timeoutMs` passes. `cancel` ends
   * the wait early and leaves no waiter or timer behind (for a reader that is closed while it waits).
   */
  waitForChange(seen: number, timeoutMs?: number): { readonly changed: Promise<void>; cancel(): void } {
    if (this.isClosed || this.currentVersion !== seen)
      return { changed: Promise.resolve(), cancel: () => {} };
    let cancel: () => void = () => {};
    const changed = new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve();
      };
      this.waiters.push(wake);
      if (timeoutMs !== undefined) timer = setTimeout(wake, timeoutMs);
      cancel = wake;
    });
    return { changed, cancel };
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
