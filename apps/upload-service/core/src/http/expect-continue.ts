import type { IncomingMessage, Server, ServerResponse } from 'node:http';

const WITHHELD = Symbol('upload-sessions.continue-withheld');
type Marked = IncomingMessage & { [WITHHELD]?: boolean };
type Matcher = (request: IncomingMessage) => boolean;

const matchersByServer = new WeakMap<Server, Matcher[]>();

/**
 * `Expect: 100-continue`: Node answers `100 Continue` by itself unless the server listens for
 * `checkContinue`. Requests `matches` selects get no such answer here: their route sends it
 * (`sendContinue`) once it wants the body, so a refusal (a part too long, a bad signature) reaches the
 * client before it sends a byte. Every other request is continued at once, as Node would. One listener
 * per server, whichever dialects ask.
 */
export const withholdContinue = (server: Server, matches: Matcher): void => {
  const known = matchersByServer.get(server);
  if (known !== undefined) {
    known.push(matches);
    return;
  }
  const matchers = [matches];
  matchersByServer.set(server, matchers);
  server.on('checkContinue', (request: Marked, response: ServerResponse) => {
    if (matchers.some((matcher) => matcher(request))) request[WITHHELD] = true;
    else response.writeContinue();
    server.emit('request', request, response);
  });
};

/** True while the client waits for a `100 Continue` this service has not sent: no body is coming yet. */
export const continueWithheld = (request: IncomingMessage): boolean => (request as Marked)[WITHHELD] === true;

/** Lets a client waiting on `Expect: 100-continue` send its body (once; nothing for other requests). */
export const sendContinue = (request: IncomingMessage, response: ServerResponse): void => {
  if (!continueWithheld(request)) return;
  (request as Marked)[WITHHELD] = false;
  response.writeContinue();
};

/**
 * Reads and drops the rest of a request body, at most `maxBytes` of it, for at most `timeoutMs` and
 * while bytes keep coming (`idleMs`), so that the answer sent next reaches a client still writing
 * (instead of a reset and `write EPIPE`). True when the body ended.
 */
export const drainBody = (
  request: IncomingMessage,
  maxBytes: number,
  timeoutMs: number,
  idleMs: number = Math.min(timeoutMs, 2000),
): Promise<boolean> => {
  if (request.readableEnded) return Promise.resolve(true);
  if (request.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let bytes = 0;
    const finish = (ended: boolean): void => {
      clearTimeout(timer);
      clearTimeout(idle);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onFail);
      request.off('close', onFail);
      if (!ended) request.pause();
      resolve(ended);
    };
    const onData = (chunk: Buffer): void => {
      idle.refresh();
      bytes += chunk.length;
      if (bytes > maxBytes) finish(false);
    };
    const onEnd = (): void => finish(true);
    const onFail = (): void => finish(request.readableEnded);
    const timer = setTimeout(() => finish(false), timeoutMs);
    const idle = setTimeout(() => finish(false), idleMs);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onFail);
    request.on('close', onFail);
    request.resume();
  });
};
