import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { measureRoundTrips, roundTripTable, type RoundTripRow } from './command-round-trips';

jest.setTimeout(30_000);

describe('store round trips per command (issue 18)', () => {
  const tables: Record<string, readonly RoundTripRow[]> = {};

  it.each(['warm', 'cold'] as const)('%s cache: every command prints its calls', async (cache) => {
    const rows = await measureRoundTrips(cache);
    tables[cache] = rows;
    console.log(`${cache} cache\n${roundTripTable(rows)}`);
    expect(rows.length).toBeGreaterThan(15);
  });

  afterAll(() => {
    if (process.env['WRITE_ROUND_TRIPS'] !== undefined && tables['warm'] && tables['cold']) {
      writeFileSync(
        path.join(__dirname, process.env['WRITE_ROUND_TRIPS']),
        `${roundTripTable(tables['warm'])}\n\n${roundTripTable(tables['cold'])}\n`,
      );
    }
  });
});
