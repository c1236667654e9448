import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** Whether node was started with its own young-generation size (then it is left alone). */
export const configuredByFlag = (
  execArgv: readonly string[],
  nodeOptions: string | undefined,
  flag: RegExp = /^--(max|min)[-_]semi[-_]space[-_]size\b|^--max[-_]heap[-_]size\b/,
): boolean => [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => flag.test(arg));

/**
 * Lets the old generation grow by `percent` between full collections instead of V8's adaptive factor
 * (up to 4× the live size while the process allocates fast). Under request load the old space's
 * committed size reached twice or more the live heap; with 30%: peak RSS ~177 MiB instead of ~230–250,
 * CPU per request within the noise (bench/http, issue 16 P5). V8 reads the flag each time it sets the
 * next limit, so setting it after start works. A `--heap-growing-percent` given to node wins.
 */
export const capOldGenerationGrowth = (
  percent: number,
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env['NODE_OPTIONS'],
): void => {
  if (configuredByFlag(execArgv, nodeOptions, /^--heap[-_]growing[-_]percent\b/)) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
};

/**
 * Keeps V8's young generation at most `maxSemiSpaceMiB` per semi-space (new space is two of them).
 *
 * V8 doubles the young generation while a process allocates fast, up to 32 MiB per semi-space on this
 * Node, and under request load the service reaches it: the old space then grows alongside, and the
 * peak RSS under 64 connections was ~350 MiB with ~45 MiB of live heap. Measured with
 * `--max-semi-space-size=8`: peak RSS ~190–230 MiB, CPU per request unchanged (bench/http). That size
 * is fixed at start-up only, and the service is started as `node dist/main.js`, so this does it from
 * inside: growth (`--semi-space-growth-factor`, which V8 reads whenever it grows new space) is off
 * while new space is at the cap, and on below it, checked after each garbage collection.
 * Returns a function that stops watching. A `--max-semi-space-size` (or `--max-heap-size`) given to
 * node wins: nothing is done then.
 */
export const capYoungGeneration = (
  maxSemiSpaceMiB: number,
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env['NODE_OPTIONS'],
): (() => void) => {
  if (configuredByFlag(execArgv, nodeOptions)) return () => undefined;
  const capBytes = 2 * maxSemiSpaceMiB * 1024 * 1024;
  // Off from the start: the observer below runs between turns of the event loop, so growth that
  // happens in one long synchronous stretch (loading the modules, at start-up) would pass the cap.
  let growing = false;
  setFlagsFromString('--semi-space-growth-factor=1');
  const check = (): void => {
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    if (newSpace === undefined) return;
    const shouldGrow = newSpace.space_size < capBytes;
    if (shouldGrow === growing) return;
    growing = shouldGrow;
    setFlagsFromString(`--semi-space-growth-factor=${shouldGrow ? 2 : 1}`);
  };
  const observer = new PerformanceObserver(check);
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    if (!growing) setFlagsFromString('--semi-space-growth-factor=2');
  };
};

/**
 * While a large request body is being received (an upload: Content-Length above `minBytes`, or a body
 * of unknown length), lets the old generation grow by `uploadPercent` between full collections instead
 * of `percent`; back to `percent` once no such body is open. Returns a function that stops watching.
 *
 * Why (issue 16, P6, `bench/profiles/upload-gc.md`): V8 starts an incremental marking whenever the old
 * generation's headroom is below the young generation's maximum capacity, and 30% of the service's
 * ~20 MiB live heap is below it. During an upload, the socket chunks' allocation drives each marking to
 * its end within ~100 ms, and the next starts at once: ~45 full collections per GiB that free almost
 * nothing (20.6 -> 20.5 MB), 1–2 s CPU per GiB. V8 reads the flag when it sets the next limit, after a
 * full collection, so the first collection during an upload sets a wide limit and the others do not
 * come. The start + cancel load that the 30% is for (P5's peak RSS) has no such bodies and keeps it.
 * Watched through node:http's diagnostics channel, so the application's code is not involved.
 */
export const relaxOldGenerationGrowthDuringUploads = (
  percent: number,
  uploadPercent: number,
  minBytes: number,
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env['NODE_OPTIONS'],
  setFlags: (flags: string) => void = setFlagsFromString,
): (() => void) => {
  if (configuredByFlag(execArgv, nodeOptions, /^--heap[-_]growing[-_]percent\b/)) return () => undefined;
  let open = 0;
  const onStart = (message: unknown): void => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (!isLargeBody(request, minBytes)) return;
    if (open++ === 0) setFlags(`--heap-growing-percent=${uploadPercent}`);
    response.once('close', () => {
      if (--open === 0) setFlags(`--heap-growing-percent=${percent}`);
    });
  };
  diagnosticsChannel.subscribe('http.server.request.start', onStart);
  return () => diagnosticsChannel.unsubscribe('http.server.request.start', onStart);
};

const isLargeBody = (request: IncomingMessage, minBytes: number): boolean => {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > minBytes;
  return request.headers['transfer-encoding'] !== undefined;
};
