// One pass of one phase of the projection benchmark over a cached generated log, for a CPU profile:
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/projection/profile-rebuild.mjs [events] [phase]
//   node bench/profiles/summarise-profile.mjs /tmp/prof/<file>.cpuprofile
//
// phase: rebuild (default), readAll, raw, arrays (raw with array rows), decode (strict), trusted. A warm-up pass of the raw read loads the page cache first.
/* global process, console, performance */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt } from '../kit.mjs';
import { eventStoreWith, openStore, rawRead, rebuild, storeRead } from './event-log.mjs';

const size = Number(process.argv[2] ?? 100_000);
const phase = process.argv[3] ?? 'rebuild';
const path = await eventStoreWith(size);
rawRead(path);
const store = await openStore(path);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'projection-profile-'));
const started = performance.now();
const count =
  phase === 'rebuild'
    ? await rebuild(store, dir, 0)
    : phase === 'readAll'
      ? await storeRead(store)
      : phase === 'decode' || phase === 'trusted'
        ? rawRead(path, { arrays: phase === 'trusted', decode: phase === 'decode' ? 'strict' : 'trusted' })
        : rawRead(path, { arrays: phase === 'arrays' });
const seconds = (performance.now() - started) / 1000;
console.log(`${phase}: ${fmt(count)} events in ${seconds.toFixed(2)} s = ${fmt(count / seconds)} events/s`);
await store.close();
rmSync(dir, { recursive: true, force: true });
