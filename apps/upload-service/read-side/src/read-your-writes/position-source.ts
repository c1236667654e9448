import type { GlobalPosition } from '@upload-sessions/event-store';

/**
 * The port read-your-writes waits on: where the read models are, and a bounded wait for a position.
 * The projections implement it (their runner); the composition root hands the module that provides it
 * to ReadYourWritesModule, so read-your-writes never imports the projections.
 */
export interface PositionSource {
  readonly position: GlobalPosition | undefined;
  waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean>;
}

export const POSITION_SOURCE = Symbol('PositionSource');
