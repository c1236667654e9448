// Times every DatabaseSync.prototype.exec() of a process (BEGIN/COMMIT of the read-model database, the
// reader's page transactions, checkpoints run by a commit) and writes, at exit, per database file and
// statement start: count, total ms, how many took over 2 ms and their total, the longest. Statements run
// through prepare() are not seen. Load it into the service of the HTTP bench with
//   BENCH_SERVICE_ENV='{"NODE_OPTIONS":"--require <abs path>/bench/profiles/sqlite-exec-timing.cjs","EXEC_TIMING_OUT":"/tmp/x.json"}'
/* global require, process */
const { DatabaseSync } = require('node:sqlite');
const { writeFileSync } = require('node:fs');

const exec = DatabaseSync.prototype.exec;
const stats = {};
DatabaseSync.prototype.exec = function timedExec(sql) {
  const started = process.hrtime.bigint();
  try {
    return exec.call(this, sql);
  } finally {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const key = `${(this.location() ?? ':memory:').split('/').pop()} ${sql.trim().slice(0, 24)}`;
    const s = (stats[key] ??= { n: 0, ms: 0, over2: 0, over2ms: 0, max: 0 });
    s.n += 1;
    s.ms += ms;
    if (ms > 2) {
      s.over2 += 1;
      s.over2ms += ms;
    }
    s.max = Math.max(s.max, ms);
  }
};
process.on('exit', () => {
  writeFileSync(
    process.env.EXEC_TIMING_OUT ?? `/tmp/sqlite-exec-timing-${process.pid}.json`,
    JSON.stringify(stats, null, 1),
  );
});
