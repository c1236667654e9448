// Shared by the bench/http, bench/peer-emmett and bench/soak scripts: the machine line, statistics and
// the closing `BENCH_RESULT <json>` line that bench/run.mjs reads.
/* global process, console */
import { cpus, loadavg, totalmem } from 'node:os';

export const machineLine = () => {
  const cpu = cpus();
  return `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, ${process.platform}-${process.arch}, load average ${loadavg()[0].toFixed(1)} (shared machines drift: compare the ratios)`;
};

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Spread as (max - min) / median, in percent: how much the repetitions disagree. */
export const spreadPercent = (values) => {
  const m = median(values);
  return m === 0 ? 0 : ((Math.max(...values) - Math.min(...values)) / m) * 100;
};

export const fmt = (n, digits = 0) =>
  Number(n).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Median with its spread and the individual values, for the human-readable lines. */
export const describe = (values, unit, digits = 0) =>
  `${fmt(median(values), digits)} ${unit} (spread ${fmt(spreadPercent(values), 0)}%: ${values.map((v) => fmt(v, digits)).join(', ')})`;

export const row = (metric, value, unit, { baseline = null, goal = null, met = null } = {}) => ({
  metric,
  value: Number(value.toFixed(3)),
  unit,
  baseline: baseline === null ? null : Number(baseline.toFixed(3)),
  ratio: baseline === null || baseline === 0 ? null : Number((value / baseline).toFixed(3)),
  goal,
  met,
});

/** The last stdout line of every benchmark script. */
export const printResult = (name, rows) => {
  console.log(`BENCH_RESULT ${JSON.stringify({ name, rows })}`);
};

export const isSmoke = () => process.argv.includes('--smoke');
