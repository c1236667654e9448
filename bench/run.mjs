// npm run bench [-- --smoke] [name filter ...]
// Builds the workspace (Nx cache: a no-op when nothing changed), runs every bench/**/*.bench.mjs one
// after the other in its own process, bounded in time, collects each script's last `BENCH_RESULT {...}`
// line and prints one table. A full run (no --smoke) also writes bench/RESULTS.md; with a filter, the
// scripts run replace their own sections and the others' are kept.
/* global process, console, setTimeout, clearTimeout */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineLine } from './kit.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const filters = args.filter((a) => !a.startsWith('--'));
/** Per script: smoke runs must stay small (CI); full runs are bounded too, so a hung script cannot stall. */
const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? (smoke ? 90_000 : 20 * 60_000));
const resultsFile = join(benchDir, 'RESULTS.md');

const discover = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return discover(path);
    return entry.name.endsWith('.bench.mjs') ? [path] : [];
  });

const scripts = discover(benchDir)
  .map((path) => relative(root, path))
  .sort()
  .filter((path) => filters.length === 0 || filters.some((f) => path.includes(f)));
if (scripts.length === 0) {
  console.error(`bench: no bench/**/*.bench.mjs matches ${filters.join(', ')}`);
  process.exit(2);
}

console.log(`bench: building the workspace (npx nx run-many -t build)`);
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (build.status !== 0) {
  console.error('bench: the build failed');
  process.exit(1);
}

/** Runs one script in its own process group (so a timeout also ends what it started). */
const run = (script) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [script, ...(smoke ? ['--smoke'] : [])], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out
        .split('\n')
        .filter((l) => l.startsWith('BENCH_RESULT '))
        .at(-1);
      let result;
      try {
        result = line === undefined ? undefined : JSON.parse(line.slice('BENCH_RESULT '.length));
      } catch {
        result = undefined;
      }
      const seconds = (Date.now() - started) / 1000;
      const failure = timedOut
        ? `timed out after ${timeoutMs / 1000} s`
        : code !== 0
          ? `exit ${code ?? signal}`
          : result === undefined
            ? 'no BENCH_RESULT line'
            : undefined;
      resolve({ script, result, failure, seconds, skip: /^SKIP: (.*)$/m.exec(out)?.[1] });
    });
  });

const cell = (v) =>
  v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'NO') : String(v);
const tableOf = (outcomes) => {
  const lines = [
    '| benchmark | metric | value | unit | baseline | ratio | goal | met |',
    '| --- | --- | ---: | --- | ---: | ---: | --- | --- |',
  ];
  for (const o of outcomes) {
    if (o.failure !== undefined) {
      lines.push(`| ${o.script} | FAILED: ${o.failure} |  |  |  |  |  |  |`);
      continue;
    }
    if (o.result.rows.length === 0)
      lines.push(`| ${o.result.name} | ${o.skip ? `skipped: ${o.skip}` : 'no rows'} |  |  |  |  |  |  |`);
    for (const r of o.result.rows) {
      lines.push(
        `| ${o.result.name} | ${r.metric} | ${cell(r.value)} | ${cell(r.unit)} | ${cell(r.baseline)} | ${cell(r.ratio)} | ${cell(r.goal)} | ${cell(r.met)} |`,
      );
    }
  }
  return lines.join('\n');
};

const begun = Date.now();
const outcomes = [];
for (const script of scripts) {
  console.log(`\nbench: ${script}${smoke ? ' --smoke' : ''}`);
  outcomes.push(await run(script));
}

console.log(`\n${tableOf(outcomes)}\n`);
console.log(`bench: ${outcomes.length} scripts in ${((Date.now() - begun) / 1000).toFixed(0)} s`);
const failed = outcomes.filter((o) => o.failure !== undefined);

if (!smoke) {
  // Sections of earlier runs are kept for scripts this run did not include (a filtered run).
  const before = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
  const previous = JSON.parse(/<!-- results (.*) -->/.exec(before)?.[1] ?? '[]');
  // The hand-written reading of the figures (goals met, physical reasons, floors) stays across runs.
  const notes = /<!-- notes -->[\s\S]*<!-- notes:end -->/.exec(before)?.[0];
  const command = `npm run bench${filters.length > 0 ? ` -- ${filters.join(' ')}` : ''}`;
  const date = new Date().toISOString();
  const machine = machineLine();
  const fresh = outcomes.map((o) => ({ ...o, date, command, machine }));
  const merged = [...previous.filter((p) => !fresh.some((f) => f.script === p.script)), ...fresh].sort(
    (a, b) => a.script.localeCompare(b.script),
  );
  const runs = [...new Set(merged.map((o) => `- ${o.date}: \`${o.command}\` on ${o.machine}`))];
  const markdown =
    `# Benchmark results\n\nProduced by \`npm run bench\` (see [README.md](README.md)). Ratios compare against a baseline ` +
    `measured in the same run; absolute figures drift on a shared machine.\n\n` +
    `Runs:\n\n${runs.join('\n')}\n\n${tableOf(merged)}\n\n` +
    `Per script: ${merged.map((o) => `${o.script} (${o.date.slice(0, 16)}Z, ${o.seconds.toFixed(0)} s)`).join('; ')}\n\n` +
    (notes !== undefined ? `${notes}\n\n` : '') +
    `<!-- results ${JSON.stringify(merged.map(({ script, result, failure, seconds, skip, date, command, machine }) => ({ script, result, failure, seconds, skip, date, command, machine })))} -->\n`;
  // Formatted as the repository's Prettier would (CI's lint checks every Markdown file).
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(resultsFile)) ?? {};
  writeFileSync(resultsFile, await prettier.format(markdown, { ...options, filepath: resultsFile }));
  console.log(`bench: wrote ${relative(root, resultsFile)}`);
}
process.exit(failed.length > 0 ? 1 : 0);
