// Remote-store latency (issue 18): what a command costs when every store call is a round trip to
// another host. The service's command path (the application's command bus in this process: the real
// handlers, runner, state cache and read-your-writes tracking, without HTTP) runs over the in-memory
// store with LATENCY_MS added to each store call, against a baseline of the appends those commands must
// make, bare, through the same latency: one append round trip per command (a command writing two
// streams makes one multi-stream append). Goal: the service <= 1.3x the baseline's latency.
//
// Scenarios, one command after the other (c=1), each a pair the issue measured on KurrentDB:
//   - BlendVision: files:upload (a file and its upload session) then :cancel-upload;
//   - vSphere: create an update session on an item (claim + start) then cancel it.
// Each pair's store calls are counted too (calls, and round trips: calls made concurrently count once).
//
//   node bench/event-store/remote-latency.bench.mjs [--smoke]     (build first: npm run build)
/* global process, console, performance */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printMachine, printResult, row, smoke, stats, describe, fmt } from '../kit.mjs';

const require = createRequire(import.meta.url);
const app = (path) => require(join(import.meta.dirname, '..', '..', 'apps', 'upload-service', path));

const { Test } = require('@nestjs/testing');
const { CommandBus } = require('@nestjs/cqrs');
const { InMemoryEventStore } = require('@upload-sessions/event-store');
const { CountingEventStore } = require('@upload-sessions/event-store/testing');
const { ApplicationModule } = app('dist/app/application.module.js');
const { EVENT_STORE } = require('@upload-sessions/service-core/application/tokens');
const { loadServiceConfig } = app('dist/app/service-config.js');
const { ReadSideModule } = require('@upload-sessions/read-side/read-side.module');
const { JsonLogger } = require('@upload-sessions/service-core/logging/json-logger');
const { WriteTracker } = require('@upload-sessions/service-core/read-your-writes/write-tracker');
const {
  CancelUploadSessionCommand,
} = require('@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command');
const {
  CreateLibraryItemCommand,
} = require('@upload-sessions/dialect-vsphere/library/create-library-item/create-library-item.command');
const {
  CreateLocalLibraryCommand,
} = require('@upload-sessions/dialect-vsphere/library/create-local-library/create-local-library.command');
const {
  StartUploadSessionCommand,
} = require('@upload-sessions/dialect-vsphere/sessions/start/start-upload-session.command');
const { BlendvisionModule } = require('@upload-sessions/dialect-blendvision/blendvision.module');
const {
  CancelFileUploadCommand,
} = require('@upload-sessions/dialect-blendvision/use-cases/cancel-upload/cancel-file-upload.command');
const {
  UploadFileCommand,
} = require('@upload-sessions/dialect-blendvision/use-cases/upload-file/upload-file.command');

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 2);
const PAIRS = smoke ? 5 : 100;
const REPETITIONS = smoke ? 1 : 3;
const GOAL = 1.3;

const context = {
  actor: { id: 'bench', kind: 'user' },
  organizationId: 'bench-org',
  correlationId: 'bench',
  causationId: 'bench',
};

/** The application layer with the BlendVision dialect, over the in-memory store behind `counting`. */
const startService = async (counting, dataDir) => {
  // No expiry sweep during the measures: it is not part of a command.
  const config = loadServiceConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    EXPIRY_SWEEP_INTERVAL_SECONDS: '3600',
  });
  if (config._tag === 'Left') throw new Error(config.left.join('\n'));
  const application = ApplicationModule.forRoot({
    config: config.right,
    logger: new JsonLogger('error', () => undefined),
    clock: () => new Date(),
  });
  // BlendVision reads through the application's own read side (one read side, as in the service).
  const readSide = application.imports.find((m) => typeof m === 'object' && m.module === ReadSideModule);
  const moduleRef = await Test.createTestingModule({
    imports: [application, BlendvisionModule.forRoot(readSide)],
  })
    .overrideProvider(EVENT_STORE)
    .useFactory({ factory: (writes) => writes.track(counting), inject: [WriteTracker] })
    .compile();
  await moduleRef.init();
  return moduleRef;
};

const ok = (result) => {
  if (result._tag === 'Left') throw new Error(`command refused: ${JSON.stringify(result.left)}`);
  return result.right;
};

/** Mean milliseconds per pair of the service's commands, and the store calls per pair. */
const servicePairs = async (commands, counting, pair, items) => {
  counting.reset();
  const started = performance.now();
  for (let i = 0; i < PAIRS; i++) await pair(commands, items[i]);
  const elapsed = performance.now() - started;
  const totals = counting.totals();
  return {
    ms: elapsed / PAIRS,
    calls: (totals.appends + totals.reads) / PAIRS,
    roundTrips: totals.roundTrips / PAIRS,
  };
};

/** Mean milliseconds per pair of bare appends: the two appends (one per command) the pair must make. */
const barePairs = async (counting) => {
  const event = () => ({ id: randomUUID(), type: 'Benchmarked', data: { n: 1 }, metadata: {} });
  const started = performance.now();
  for (let i = 0; i < PAIRS; i++) {
    const stream = `bench-bare-${randomUUID()}`;
    ok(await counting.appendToStream(stream, [event()], { expectedRevision: 'no_stream' }));
    ok(await counting.appendToStream(stream, [event()], { expectedRevision: 0 }));
  }
  return (performance.now() - started) / PAIRS;
};

const blendvisionPair = async (commands) => {
  const started = ok(
    await commands.execute(
      new UploadFileCommand(context, {
        type: 'FILE_TYPE_VIDEO',
        source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
        name: 'clip.mp4',
        size: 1024,
      }),
    ),
  );
  ok(await commands.execute(new CancelFileUploadCommand(context, started.file.id, started.uploadId)));
};

const vspherePair = async (commands, itemId) => {
  const { sessionId } = ok(await commands.execute(new StartUploadSessionCommand(context, itemId, null, [])));
  ok(await commands.execute(new CancelUploadSessionCommand(context, sessionId)));
};

printMachine(`Remote-store latency: the command path vs its bare appends, ${LATENCY_MS} ms per store call`);
console.log(`${PAIRS} pairs per measure, ${REPETITIONS} repetitions, interleaved with the baseline\n`);

const dataDir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'remote-latency-bench-'));
const counting = new CountingEventStore(new InMemoryEventStore(), { latencyMs: LATENCY_MS });
const moduleRef = await startService(counting, dataDir);
const commands = moduleRef.get(CommandBus);

// Items for the vSphere pairs (not measured): one per pair and repetition, as clients would each have theirs.
const { libraryId } = ok(await commands.execute(new CreateLocalLibraryCommand(context, 'bench', '', null)));
const newItems = async () => {
  const items = [];
  for (let i = 0; i < PAIRS; i++) {
    const created = ok(
      await commands.execute(
        new CreateLibraryItemCommand(context, libraryId, `item-${randomUUID()}`, '', 'iso', null),
      ),
    );
    items.push(created.libraryItemId);
  }
  return items;
};

const scenarios = [
  { name: 'BlendVision files:upload + :cancel-upload', pair: blendvisionPair, items: async () => [] },
  { name: 'vSphere create session + cancel', pair: vspherePair, items: newItems },
];
const measured = new Map(scenarios.map((s) => [s.name, []]));
const bare = [];

// Warm-up: a few pairs of each, unmeasured (JIT, module caches).
for (const scenario of scenarios) {
  const items = await scenario.items();
  for (let i = 0; i < Math.min(5, PAIRS); i++) await scenario.pair(commands, items[i]);
}
await barePairs(counting);

for (let rep = 0; rep < REPETITIONS; rep++) {
  for (const scenario of scenarios) {
    const items = await scenario.items();
    measured.get(scenario.name).push(await servicePairs(commands, counting, scenario.pair, items));
    bare.push(await barePairs(counting));
  }
}

await moduleRef.close();
rmSync(dataDir, { recursive: true, force: true });

const bareStats = stats(bare);
console.log(`bare appends (2 per pair)   ${describe(bareStats, 'ms/pair', 2)}`);
const rows = [];
for (const scenario of scenarios) {
  const runs = measured.get(scenario.name);
  const latency = stats(runs.map((r) => r.ms));
  const roundTrips = stats(runs.map((r) => r.roundTrips)).median;
  const calls = stats(runs.map((r) => r.calls)).median;
  const ratio = latency.median / bareStats.median;
  console.log(
    `${scenario.name.padEnd(44)} ${describe(latency, 'ms/pair', 2)}; ${fmt(roundTrips, 2)} round trips, ${fmt(calls, 2)} store calls per pair; ${ratio.toFixed(2)}x the bare appends`,
  );
  rows.push(
    row(
      `${scenario.name}: ms per pair at ${LATENCY_MS} ms/call`,
      latency.median,
      'ms',
      bareStats.median,
      `<= ${GOAL}x`,
      ratio <= GOAL,
    ),
  );
  rows.push(row(`${scenario.name}: store round trips per pair`, roundTrips, 'round trips', 2));
}
printResult('event-store/remote-latency', rows);
