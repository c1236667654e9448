import type { GlobalPosition } from '@upload-sessions/event-store';

interface Waiter {
  readonly position: GlobalPosition;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Promises resolved when a position is reached: the runner advances it after each commit, so waiting
 * costs no polling. A wait that times out resolves false.
 */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();
  private reached: GlobalPosition | undefined;

  get position(): GlobalPosition | undefined {
    return this.reached;
  }

  get pending(): number {
    return this.waiters.size;
  }

  wait(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    if (this.reached !== undefined && position <= this.reached) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(
          () => {
            this.waiters.delete(waiter);
            resolve(false);
          },
          Math.max(0, timeoutMs),
        ),
      };
      this.waiters.add(waiter);
    });
  }

  advance(position: GlobalPosition | undefined): void {
    if (position === undefined || (this.reached !== undefined && position <= this.reached)) return;
    this.reached = position;
    for (const waiter of this.waiters) {
      if (waiter.position <= position) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }

  /** Resolves every wait as not reached (shutdown). */
  close(): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters.clear();
  }
}
