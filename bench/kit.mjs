// Shared helpers of the bench scripts: the machine line, repetition statistics, the result line.
/* global process, console */
import { statfsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { DatabaseSync } from 'node:sqlite';

export const smoke = process.argv.includes('--smoke');

/** Cores, memory, Node and SQLite versions: every script prints it first. */
export const machineLine = () => {
  const db = new DatabaseSync(':memory:');
  const { v } = db.prepare('SELECT sqlite_version() AS v').get();
  db.close();
  return (
    `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Node ${process.version}, SQLite ${v}, ${process.platform}/${process.arch}`
  );
};

export const printMachine = (title) => {
  console.log(`# ${title}${smoke ? ' (smoke: tiny sizes, figures mean nothing)' : ''}`);
  console.log(`Machine: ${machineLine()}`);
};

export const fsMagic = (dir) => `0x${statfsSync(dir).type.toString(16)}`;

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Median and spread ((max - min) / median) of repeated measures. */
export const stats = (values) => {
  const m = median(values);
  return {
    median: m,
    min: Math.min(...values),
    max: Math.max(...values),
    spread: (Math.max(...values) - Math.min(...values)) / m,
  };
};

export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const describe = (s, unit, digits = 0) =>
  `median ${fmt(s.median, digits)} ${unit} (min ${fmt(s.min, digits)}, max ${fmt(s.max, digits)}, spread ${(s.spread * 100).toFixed(0)}%)`;

/** One row of the result table. `ratio` is value/baseline; `goal` and `met` only where the issue sets a goal. */
export const row = (metric, value, unit, baseline = null, goal = null, met = null) => ({
  metric,
  value: Number(value.toPrecision(4)),
  unit,
  baseline: baseline === null ? null : Number(baseline.toPrecision(4)),
  ratio: baseline === null || baseline === 0 ? null : Number((value / baseline).toFixed(3)),
  goal,
  met,
});

/** The last line a script prints: what bench/run.mjs collects. */
export const printResult = (name, rows) => {
  console.log(`BENCH_RESULT ${JSON.stringify({ name, rows })}`);
};

/** Runs `fn` `warmUps` times unmeasured, then `repetitions` times; returns what each measured run returned. */
export const repeat = async (fn, { warmUps = 1, repetitions = 3 } = {}) => {
  for (let i = 0; i < warmUps; i++) await fn(-1 - i);
  const results = [];
  for (let i = 0; i < repetitions; i++) results.push(await fn(i));
  return results;
};
