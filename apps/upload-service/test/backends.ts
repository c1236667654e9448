/**
 * The event stores the e2e suites run against: always the embedded SQLite file; KurrentDB too when
 * KURRENTDB_CONNECTION_STRING names a server (as CI does where one runs). Without it the KurrentDB
 * variant is skipped, and the reason printed.
 */
export interface Backend {
  readonly name: string;
  /** Environment for the service; undefined when the backend is not available here. */
  readonly env: Record<string, string> | undefined;
}

const kurrent = process.env['KURRENTDB_CONNECTION_STRING'];

export const backends: readonly Backend[] = [
  { name: 'SQLite', env: {} },
  {
    name: 'KurrentDB',
    env: kurrent !== undefined && kurrent !== '' ? { KURRENTDB_CONNECTION_STRING: kurrent } : undefined,
  },
];

export const describeEachBackend = (title: string, suite: (env: Record<string, string>) => void): void => {
  for (const backend of backends) {
    const name = `${title} [${backend.name}]`;
    if (backend.env === undefined) {
      console.log(
        `Skipping "${name}": KURRENTDB_CONNECTION_STRING is not set (no KurrentDB server to run against).`,
      );
      describe.skip(name, () => suite({}));
    } else {
      describe(name, () => suite(backend.env ?? {}));
    }
  }
};
