// Summarises a V8 .cpuprofile as text: top self time by function, and the inclusive top-down tree
// (children above a share of the total;
// single-child chains folded into one line), optionally rooted at the first frame matching --root.
//
//   node bench/profiles/summarize.mjs <file.cpuprofile> [--root <function name>] [--min 1] [--top 25]
/* global process, console */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const file = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
if (file === undefined) {
  console.error('usage: summarize.mjs <file.cpuprofile> [--root name] [--min percent] [--top n]');
  process.exit(2);
}
const rootName = option('--root', undefined);
const minShare = Number(option('--min', '1')) / 100;
const top = Number(option('--top', '25'));

const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, { ...n, self: 0, total: 0 }]));
const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
for (const id of profile.samples) nodes.get(id).self += interval;
const label = (n) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${basename(url)}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
};
const totalOf = (n) => {
  n.total = n.self + (n.children ?? []).reduce((sum, c) => sum + totalOf(nodes.get(c)), 0);
  return n.total;
};
const root = nodes.get(profile.nodes[0].id);
const all = totalOf(root);
const ms = (x) => `${(x / 1000).toFixed(0)} ms`;
const pct = (x, of = all) => `${((x / of) * 100).toFixed(1)}%`;

let start = root;
if (rootName !== undefined) {
  // The matching frame with the largest inclusive time.
  start = [...nodes.values()]
    .filter((n) => n.callFrame.functionName === rootName)
    .sort((a, b) => b.total - a.total)[0];
  if (start === undefined) throw new Error(`no frame named ${rootName}`);
}
const base = start.total;

// Self time by function (summed over every call site), within the chosen subtree.
const self = new Map();
const collect = (n) => {
  const key = label(n);
  self.set(key, (self.get(key) ?? 0) + n.self);
  for (const c of n.children ?? []) collect(nodes.get(c));
};
collect(start);
console.log(`# ${basename(file)}: ${ms(base)} sampled under ${label(start)} (${pct(base)} of ${ms(all)})\n`);
console.log(`## Top ${top} self time (share of the subtree)\n`);
console.log('| self | share | function |');
console.log('| ---: | ---: | --- |');
for (const [key, value] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`| ${ms(value)} | ${pct(value, base)} | \`${key}\` |`);

console.log(`\n## Inclusive top-down tree (frames >= ${(minShare * 100).toFixed(1)}% of the subtree)\n`);
console.log('```');
const walk = (n, depth) => {
  if (n.total < base * minShare) return;
  // A chain of frames each with one child worth (nearly) all of it prints as one line: a > b > c.
  const chain = [n];
  let last = n;
  for (;;) {
    const kids = (last.children ?? []).map((c) => nodes.get(c));
    const only = kids.length === 1 ? kids[0] : undefined;
    if (only === undefined || last.self > (base * minShare) / 4 || only.total < last.total * 0.98) break;
    chain.push(only);
    last = only;
  }
  const names =
    chain.length > 4 ? [chain[0], { callFrame: { functionName: '…', url: '' } }, ...chain.slice(-2)] : chain;
  console.log(
    `${'  '.repeat(depth)}${pct(n.total, base).padStart(6)} ${pct(last.self, base).padStart(6)} self  ${names.map(label).join(' > ')}`,
  );
  const children = (last.children ?? []).map((c) => nodes.get(c)).sort((a, b) => b.total - a.total);
  for (const c of children) walk(c, depth + 1);
};
walk(start, 0);
console.log('```');
