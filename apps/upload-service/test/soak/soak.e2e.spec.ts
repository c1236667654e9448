import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startProbedService, type ProbedService } from './probed-service';

/** The soak's traffic, shared with bench/soak/soak.bench.mjs (plain CommonJS, loaded as is). */
interface MixedTraffic {
  readonly PART_BYTES: number;
  runMixedTraffic(options: {
    baseUrl: string;
    seconds: number;
    workers?: number;
    maxOperations?: number;
  }): Promise<{
    requests: number;
    failed: number;
    failures: string[];
    flows: Record<string, number>;
  }>;
}
const traffic = createRequire(__filename)(
  join(__dirname, '..', '..', '..', '..', 'bench', 'soak', 'support', 'mixed-traffic.cjs'),
) as MixedTraffic;

const SOAK_SECONDS = 15;
const MiB = 2 ** 20;
/** Growth of the heap after GC allowed over the soak: data goes to disk, not to memory. */
const HEAP_BOUND = 16 * MiB;

/** Descriptors and heap once the traffic's connections are closed (fds polled until they stop falling). */
const idle = async (service: ProbedService): Promise<{ fds: number; heap: number }> => {
  await delay(1000);
  let fds = service.openFds();
  for (let i = 0; i < 10; i++) {
    await delay(300);
    const now = service.openFds();
    if (now >= fds) break;
    fds = now;
  }
  const { heapUsed, gc } = await service.probe();
  expect(gc).toBe(true);
  return { fds, heap: heapUsed };
};

// The short CI version of the soak (bench/soak/soak.bench.mjs runs minutes): mixed traffic of both
// dialects, then no descriptor leaked and a bounded heap. No timing is asserted.
describe('soak: mixed traffic of both dialects', () => {
  let service: ProbedService;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soak-e2e-'));
    service = await startProbedService({
      DATA_DIR: dataDir,
      BV_PART_SIZE_BYTES: String(traffic.PART_BYTES),
      LOG_LEVEL: 'warn',
    });
  }, 90_000);

  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`leaks no descriptor and keeps the heap bounded over ${SOAK_SECONDS} s`, async () => {
    const warm = await traffic.runMixedTraffic({ baseUrl: service.baseUrl, seconds: 3, workers: 6 });
    expect(warm.failures).toEqual([]);
    const before = await idle(service);

    const soak = await traffic.runMixedTraffic({
      baseUrl: service.baseUrl,
      seconds: SOAK_SECONDS,
      workers: 6,
    });
    const after = await idle(service);

    expect(soak.failures).toEqual([]);
    // Every flow ran, uploads of both dialects included, so the check covers their handles.
    expect(Object.keys(soak.flows).sort()).toEqual(
      ['bv cancel', 'bv complete', 'bv read', 'vsphere cancel', 'vsphere complete', 'vsphere read'].sort(),
    );
    expect(soak.requests).toBeGreaterThan(200);
    expect(after.fds).toBeLessThanOrEqual(before.fds);
    expect(after.heap - before.heap).toBeLessThan(HEAP_BOUND);
  }, 120_000);
});
