/**
 * The event stores the BlendVision e2e suites run against: always the embedded SQLite file, and
 * KurrentDB too when KURRENTDB_CONNECTION_STRING names a server. Without one, the KurrentDB variant is
 * skipped and the reason printed.
 */
const kurrent = process.env['KURRENTDB_CONNECTION_STRING']?.trim();

export const describeEachStore = (title: string, suite: (env: Record<string, string>) => void): void => {
  describe(`${title} [SQLite]`, () => suite({}));
  const name = `${title} [KurrentDB]`;
  if (kurrent !== undefined && kurrent !== '') {
    describe(name, () => suite({ KURRENTDB_CONNECTION_STRING: kurrent }));
  } else {
    console.log(
      `Skipping "${name}": KURRENTDB_CONNECTION_STRING is not set (no KurrentDB server to run against).`,
    );
    describe.skip(name, () => suite({}));
  }
};
