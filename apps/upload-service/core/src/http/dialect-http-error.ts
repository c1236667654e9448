/**
 * An error response already rendered in a dialect's format. Controllers throw it after mapping an
 * error value; the exception filter writes it out unchanged.
 */
export class DialectHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Renders errors that did not come from a controller (unknown route, malformed JSON) for one dialect. */
export interface DialectErrorRenderer {
  /** Whether this dialect owns the URL (e.g. `/api/` for vSphere). */
  matches(url: string): boolean;
  /** A 4xx/5xx raised by the framework: its status and message. */
  render(status: number, message: string): DialectHttpError;
}

export const DIALECT_ERROR_RENDERERS = Symbol('DialectErrorRenderers');
