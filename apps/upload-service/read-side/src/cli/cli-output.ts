/** Where the CLI writes: results to `out` (stdout), progress and messages to `err` (stderr). */
export interface CliOutput {
  readonly out: (text: string) => void;
  readonly err: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: process.stderr,
};
