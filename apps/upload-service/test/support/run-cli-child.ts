import { spawn } from 'node:child_process';
import { join } from 'node:path';

const LAUNCHER = join(__dirname, 'cli-from-source.cjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `upload-sessions <args>` in a child process (from source) with the given environment only;
 * `stdin`, when given, is written to its standard input.
 */
export const runCliChild = (
  args: readonly string[],
  env: Record<string, string>,
  options: { readonly stdin?: string; readonly cwd?: string } = {},
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@upload-sessions/source', LAUNCHER, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/** The JSON lines a `--json` run printed. */
export const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
