/** Where the CLI writes: results to `out` (stdout), progress and messages to `err` (stderr). */
export interface CliOutput {
  readonly out: (text: string) => void;
  readonly err: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  /** All of stdin, as text (hash-password without an argument). */
  readonly readStdin: () => Promise<string>;
}

const readProcessStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: process.stderr,
  readStdin: readProcessStdin,
};
