// Summarises a V8 .cpuprofile as text, for bench/profiles/*.md: idle share, top self time (by function
// and by category), and the inclusive top-down tree down to a threshold.
//
//   node bench/content/profile-summary.mjs <file.cpuprofile> [--top 25] [--min 1.5] [--depth 14]
//
// When a windows.json lies beside the profile (transfer.bench.mjs writes one: when each measured upload
// ran), only the samples inside those windows count: start-up, warm-up and the baselines' runs, when
// the service waits, are left out. --mode <word> keeps the windows of the modes containing it.
/* global process, console */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const TOP = option('top', 25);
const MIN = option('min', 1.5);
const DEPTH = option('depth', 16);
if (file === undefined) {
  console.error('usage: profile-summary.mjs <file.cpuprofile> [--top N] [--min %] [--depth N]');
  process.exit(2);
}

const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, { ...n, self: 0, total: 0 }]));
const parent = new Map();
for (const n of nodes.values()) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample weights: the delta to the next sample (the last one gets the mean).
const { samples, timeDeltas } = profile;
const weights = samples.map((_, i) => (i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0));
const windowsFile = join(dirname(file), 'windows.json');
const modeIndex = args.indexOf('--mode');
const mode = modeIndex >= 0 ? args[modeIndex + 1] : undefined;
const windows = existsSync(windowsFile)
  ? JSON.parse(readFileSync(windowsFile, 'utf8')).filter((w) => mode === undefined || w.mode.includes(mode))
  : undefined;
if (windows !== undefined) {
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i];
    if (!windows.some((w) => t >= w.from && t <= w.to)) weights[i] = 0;
  }
}
for (let i = 0; i < samples.length; i++) nodes.get(samples[i]).self += Math.max(0, weights[i]);
const totalOf = (n) => {
  n.total = n.self + (n.children ?? []).reduce((sum, c) => sum + totalOf(nodes.get(c)), 0);
  return n.total;
};
const root = nodes.get(profile.nodes[0].id);
const all = totalOf(root);

const cwd = process.cwd();
const where = ({ callFrame: f }) => {
  const url = f.url.replace(/^file:\/\//, '');
  const short = url === '' ? '' : url.startsWith('node:') ? url : relative(cwd, url);
  return short === '' ? '' : ` ${short}:${f.lineNumber + 1}`;
};
const label = (n) => `${n.callFrame.functionName || '(anonymous)'}${where(n)}`;
const pct = (us) => `${((100 * us) / all).toFixed(1)}%`;
const ms = (us) => `${(us / 1000).toFixed(0)} ms`;

const special = (name) => ['(idle)', '(program)', '(garbage collector)', '(root)'].includes(name);
const idle = [...nodes.values()].filter((n) => n.callFrame.functionName === '(idle)');
const idleUs = idle.reduce((sum, n) => sum + n.self, 0);
const gcUs = [...nodes.values()]
  .filter((n) => n.callFrame.functionName === '(garbage collector)')
  .reduce((sum, n) => sum + n.self, 0);
const programUs = [...nodes.values()]
  .filter((n) => n.callFrame.functionName === '(program)')
  .reduce((sum, n) => sum + n.self, 0);

console.log(`Profile: ${relative(cwd, file)}`);
if (windows !== undefined)
  console.log(
    `Windows: ${windows.length} measured uploads (${windows
      .map((w) => w.mode)
      .filter((m, i, a) => a.indexOf(m) === i)
      .join(', ')}), ` + `${ms(windows.reduce((sum, w) => sum + w.to - w.from, 0))}`,
  );
console.log(
  `Span ${ms(all)}; idle ${pct(idleUs)} (${ms(idleUs)}), busy ${pct(all - idleUs)} (${ms(all - idleUs)}); ` +
    `of it (program) ${pct(programUs)}, GC ${pct(gcUs)}`,
);

// Self time by function (merged across call sites).
const bySelf = new Map();
for (const n of nodes.values()) {
  if (n.self === 0) continue;
  const key = label(n);
  bySelf.set(key, (bySelf.get(key) ?? 0) + n.self);
}
console.log(`\nTop self time (% of the span; busy = ${pct(all - idleUs)}):`);
console.log('| self | ms | function |\n| ---: | ---: | --- |');
for (const [key, us] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, TOP))
  console.log(`| ${pct(us)} | ${(us / 1000).toFixed(0)} | \`${key}\` |`);

// Self time by category (where the code lives).
const category = (n) => {
  const name = n.callFrame.functionName;
  if (special(name)) return name;
  const url = n.callFrame.url;
  if (url === '') return `(native) ${name}`;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m !== null) return `npm ${m[1]}`;
  const app = /apps\/upload-service\/([^/]+)|packages\/([^/]+)/.exec(url);
  return app !== null ? `ours ${app[1] ?? app[2]}` : 'other';
};
const byCategory = new Map();
for (const n of nodes.values()) {
  if (n.self === 0) continue;
  const key = category(n);
  byCategory.set(key, (byCategory.get(key) ?? 0) + n.self);
}
console.log('\nSelf time by where the code lives:');
console.log('| self | where |\n| ---: | --- |');
for (const [key, us] of [...byCategory].sort((a, b) => b[1] - a[1]).slice(0, TOP))
  console.log(`| ${pct(us)} | ${key} |`);

// Inclusive top-down tree, children over MIN% only.
console.log(`\nTop-down (inclusive, nodes >= ${MIN}% of the span, depth <= ${DEPTH}):`);
console.log('```');
const walk = (n, depth) => {
  if (depth > DEPTH) return;
  const kids = (n.children ?? []).map((c) => nodes.get(c)).filter((c) => (100 * c.total) / all >= MIN);
  kids.sort((a, b) => b.total - a.total);
  for (const c of kids) {
    console.log(`${'  '.repeat(depth)}${pct(c.total).padStart(6)} (self ${pct(c.self)}) ${label(c)}`);
    walk(c, depth + 1);
  }
};
walk(root, 0);
console.log('```');
