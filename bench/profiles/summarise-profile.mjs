// Turns a V8 .cpuprofile (node --cpu-prof) into a short Markdown text: time by package, the top
// functions by self time, and an inclusive top-down tree (a flame graph in text) of the nodes above a
// threshold. The raw profiles are large and machine-specific; these summaries are what bench/profiles keeps.
//   node bench/profiles/summarise-profile.mjs <file.cpuprofile> [--title "…"] [--min 1.0] [--depth 40]
//     [--top 30] [--root <function>] [--windows <windows.json>] [--mode <word>]
// --root: the tree starts at the frame of that name with the most inclusive time (e.g. the rebuild's
// catchUp). --windows: only samples inside those time windows count (bench/content writes windows.json
// beside its profiles: when each measured upload ran; one found there is used by default); --mode keeps
// the windows whose mode contains the word.
/* global process, console */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (file === undefined) {
  console.error(
    'usage: summarise-profile.mjs <file.cpuprofile> [--title …] [--min 1.0] [--depth 40] [--top 30] ' +
      '[--root name] [--windows file] [--mode word]',
  );
  process.exit(2);
}
const minPercent = Number(option('min', '1.0'));
const maxDepth = Number(option('depth', '40'));
const profile = JSON.parse(readFileSync(file, 'utf8'));

const topCount = Number(option('top', '30'));
const windowsFile = option('windows', join(dirname(file), 'windows.json'));
const mode = option('mode', undefined);
const windows = existsSync(windowsFile)
  ? JSON.parse(readFileSync(windowsFile, 'utf8')).filter((w) => mode === undefined || w.mode.includes(mode))
  : undefined;

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = new Map();
let sampledAt = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  sampledAt += profile.timeDeltas[i] ?? 0;
  if (windows !== undefined && !windows.some((w) => sampledAt >= w.from && sampledAt <= w.to)) continue;
  dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
const idle = [...idleIds].reduce((a, id) => a + (dt.get(id) ?? 0), 0);
const busy = total - idle;

/** A short location: the package (or our source folder) and the file. */
const where = (url) => {
  if (url === '') return '';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `${pkg}/${rest[rest.length - 1]}`;
  }
  if (path.startsWith('node:')) return path;
  const parts = path.split('/');
  return parts.slice(-3).join('/');
};
const packageOf = (url) => {
  if (url === '') return '(native, GC, program)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (path.startsWith('node:')) return 'node: (core modules)';
  const m = /\/(apps\/upload-service\/[^/]+|packages\/[^/]+)\//.exec(path);
  return m ? m[1] : 'other';
};
const label = (n) => {
  const f = n.callFrame;
  const name = f.functionName === '' ? '(anonymous)' : f.functionName;
  const loc = where(f.url);
  return loc === '' ? name : `${name} ${loc}:${f.lineNumber + 1}`;
};
const pct = (us) => `${((100 * us) / busy).toFixed(1)}%`;

const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const inclusive = new Map();
const incl = (id) => {
  if (inclusive.has(id)) return inclusive.get(id);
  const n = nodes.get(id);
  let sum = idleIds.has(id) ? 0 : (dt.get(id) ?? 0);
  for (const c of n.children ?? []) sum += incl(c);
  inclusive.set(id, sum);
  return sum;
};
incl(profile.nodes[0].id);
const rootName = option('root', undefined);
const rootId =
  rootName === undefined
    ? profile.nodes[0].id
    : profile.nodes
        .filter((n) => n.callFrame.functionName === rootName)
        .sort((a, b) => inclusive.get(b.id) - inclusive.get(a.id))[0]?.id;
if (rootId === undefined) {
  console.error(`no frame named ${rootName}`);
  process.exit(2);
}

const out = [];
const title = option('title', basename(file));
out.push(`# ${title}`, '');
out.push(
  `Sampled ${(total / 1e6).toFixed(1)} s, of which busy (not idle) ${(busy / 1e6).toFixed(1)} s; percentages below are of busy time.`,
  '',
);
if (windows !== undefined)
  out.push(
    `Only the samples inside ${windows.length} windows of ${windowsFile} (${mode ?? 'every mode'}).`,
    '',
  );
if (rootName !== undefined)
  out.push(
    `The tree starts at \`${label(nodes.get(rootId))}\` (${pct(inclusive.get(rootId))} of busy time).`,
    '',
  );

const byPackage = new Map();
for (const [id, us] of dt) {
  if (idleIds.has(id)) continue;
  const key = packageOf(nodes.get(id).callFrame.url);
  byPackage.set(key, (byPackage.get(key) ?? 0) + us);
}
out.push('## Self time by package', '', '| package | self |', '| --- | ---: |');
for (const [key, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 20))
  out.push(`| ${key} | ${pct(us)} |`);
out.push('');

const byFunction = new Map();
for (const [id, us] of dt) {
  if (idleIds.has(id)) continue;
  const key = label(nodes.get(id));
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
out.push(`## Top ${topCount} functions by self time`, '', '| function | self |', '| --- | ---: |');
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, topCount))
  out.push(`| \`${key.replaceAll('|', '\\|')}\` | ${pct(us)} |`);
out.push('');

out.push(
  `## Top-down (inclusive, nodes ≥ ${minPercent}% of busy time; chains of one child collapsed with ›)`,
  '',
  '```',
);
const walk = (id, depth, prefix) => {
  const n = nodes.get(id);
  const us = inclusive.get(id);
  if ((100 * us) / busy < minPercent || depth > maxDepth) return;
  // Collapse chains where a node passes almost all its time to one child.
  let chain = [label(n)];
  let cur = n;
  for (;;) {
    const kids = (cur.children ?? []).filter((c) => (100 * inclusive.get(c)) / busy >= minPercent);
    const self = idleIds.has(cur.id) ? 0 : (dt.get(cur.id) ?? 0);
    if (
      kids.length === 1 &&
      (100 * self) / busy < minPercent &&
      inclusive.get(kids[0]) > 0.97 * inclusive.get(cur.id)
    ) {
      cur = nodes.get(kids[0]);
      chain.push(label(cur));
      continue;
    }
    break;
  }
  if (chain.length > 3) chain = [chain[0], `…${chain.length - 2} frames…`, chain[chain.length - 1]];
  const self = idleIds.has(cur.id) ? 0 : (dt.get(cur.id) ?? 0);
  out.push(`${prefix}${pct(us).padStart(6)} (self ${pct(self)}) ${chain.join(' › ')}`);
  const kids = [...(cur.children ?? [])].sort((a, b) => inclusive.get(b) - inclusive.get(a));
  for (const c of kids) walk(c, depth + 1, `${prefix}  `);
};
if (rootName !== undefined) walk(rootId, 0, '');
else
  for (const c of [...(nodes.get(rootId).children ?? [])].sort((a, b) => inclusive.get(b) - inclusive.get(a)))
    walk(c, 0, '');
out.push('```', '');
console.log(out.join('\n'));
