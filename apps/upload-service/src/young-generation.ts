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
