/** What the clean-up has done since the process started (for `/metrics`). */
export class CleanUpStats {
  /** Ended sessions and deleted files whose content the processor deleted (idempotent: re-deletions count). */
  processed = 0;
  /** Deletions that failed and were retried. */
  retries = 0;
  /** Staging folders of sessions that are not ACTIVE, deleted by the sweep. */
  sweptSessions = 0;
  /** Partial files (`.incoming-*`) of crashed transfers, deleted by the sweep. */
  sweptPartialFiles = 0;
  /** Staged content of completed sessions the sweep moved into place. */
  sweptCommits = 0;
  sweeps = 0;
}

/** The clean-up counters in the Prometheus text format (appended to `/metrics`). */
export const cleanUpMetricsText = (stats: CleanUpStats): string => {
  const counter = (name: string, help: string, value: number): string =>
    `# HELP ${name} ${help}\n# TYPE ${name} counter\n${name} ${value}\n`;
  return [
    counter(
      'upload_sessions_cleanup_processed_total',
      'Ended sessions and deleted files whose content the clean-up processor deleted.',
      stats.processed,
    ),
    counter(
      'upload_sessions_cleanup_retries_total',
      'Content deletions retried after a failure.',
      stats.retries,
    ),
    counter('upload_sessions_cleanup_sweeps_total', 'Runs of the temporary-content sweep.', stats.sweeps),
    `# HELP upload_sessions_cleanup_swept_total Temporary content the sweep removed or committed, by kind.\n` +
      `# TYPE upload_sessions_cleanup_swept_total counter\n` +
      `upload_sessions_cleanup_swept_total{kind="session"} ${stats.sweptSessions}\n` +
      `upload_sessions_cleanup_swept_total{kind="partial_file"} ${stats.sweptPartialFiles}\n` +
      `upload_sessions_cleanup_swept_total{kind="commit"} ${stats.sweptCommits}\n`,
  ].join('');
};
