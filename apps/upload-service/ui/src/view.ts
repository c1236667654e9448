import type { Api } from './api.js';

/** One page of the app: renders into <main>, refreshes on demand and says whether to keep polling. */
export interface View {
  readonly title: string;
  refresh(): Promise<void>;
  /** True while what it shows can still change (active sessions): the app polls it. */
  live(): boolean;
}

export interface Context {
  readonly api: Api;
  readonly main: HTMLElement;
  /** Announces a short message (a live region), e.g. after a cancel. */
  announce(message: string): void;
}
