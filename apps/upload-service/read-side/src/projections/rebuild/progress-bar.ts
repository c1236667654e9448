import type { RebuildProgress } from './rebuild-read-models';

export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
};

/** One status line: bar, percent, events done, rate and time left. */
export const progressLine = (progress: RebuildProgress, width = 24): string => {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? progress.events / seconds : 0;
  const left =
    progress.fraction > 0 && progress.fraction < 1
      ? (seconds * (1 - progress.fraction)) / progress.fraction
      : progress.fraction >= 1
        ? 0
        : Infinity;
  const filled = Math.round(progress.fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  return (
    `${progress.phase.padEnd(9)} ${bar} ${(progress.fraction * 100).toFixed(1).padStart(5)}%  ` +
    `${formatCount(progress.events)} events  ${formatCount(rate)} ev/s  ` +
    `${progress.phase === 'done' ? `took ${formatDuration(seconds)}` : `ETA ${formatDuration(left)}`}`
  );
};

/**
 * A progress bar for a terminal (redrawn in place, at most every 100 ms) or plain lines for logs and
 * pipes (one every 2 s and at the end). Write it to stderr so stdout stays for results.
 */
export const progressBar = (output: ProgressOutput, now: () => number = Date.now) => {
  let lastDraw = -Infinity;
  const tty = output.isTTY === true;
  const interval = tty ? 100 : 2000;
  return (progress: RebuildProgress): void => {
    const final = progress.phase === 'done';
    const t = now();
    if (!final && t - lastDraw < interval) return;
    lastDraw = t;
    const line = progressLine(progress);
    if (tty)
      output.write(`\r${line.slice(0, Math.max(20, (output.columns ?? 120) - 1))}\x1b[K${final ? '\n' : ''}`);
    else output.write(`${line}\n`);
  };
};
