// The peer of bench/http: the domain's own upload-session decider (packages/upload-session, built) run by
// Emmett's DeciderCommandHandler on Emmett's in-memory store (STORE=memory) or its SQLite store
// (STORE=sqlite, a file in DATA_DIR, set up as Emmett's documentation shows), behind the same Fastify the
// service runs. Same paths and statuses as the vSphere create and cancel routes, so the same load script
// drives it. Run by peer-emmett.bench.mjs: STORE=… PORT=… DATA_DIR=… node bench/peer-emmett/emmett-server.mjs
/* global process */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getInMemoryEventStore } from '@event-driven-io/emmett';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { repoRoot } from '../http/support/children.mjs';
import { Refused, uploadSessionHandler } from './emmett-handler.mjs';

const Fastify = createRequire(join(repoRoot, 'node_modules/@nestjs/platform-fastify/package.json'))(
  'fastify',
);

const eventStore =
  process.env.STORE === 'sqlite'
    ? getSQLiteEventStore({ fileName: join(process.env.DATA_DIR, 'emmett.sqlite') })
    : getInMemoryEventStore();

const handle = uploadSessionHandler();

const app = Fastify({ logger: false });
app.setErrorHandler((error, _req, reply) => {
  reply.code(error instanceof Refused ? 400 : 500).send({ error: error.message });
});
app.get('/health', async () => ({ status: 'ok' }));

app.post('/api/content/library/item/update-session', async (req, reply) => {
  const sessionId = randomUUID();
  const now = new Date();
  await handle(eventStore, sessionId, {
    type: 'StartUploadSession',
    sessionId,
    organizationId: 'default',
    target: { kind: 'library-item', libraryItemId: req.body.library_item_id, contentVersion: '0' },
    files: [],
    expiresAt: new Date(now.getTime() + 300_000).toISOString(),
    clientToken: null,
    now: now.toISOString(),
  });
  reply.code(201).type('application/json');
  return JSON.stringify(sessionId);
});

app.post('/api/content/library/item/update-session/:id', async (req, reply) => {
  if (req.query.action !== 'cancel') return reply.code(400).send({ error: 'only cancel' });
  await handle(eventStore, req.params.id, {
    type: 'CancelUploadSession',
    reason: 'client',
    transfersInFlight: [],
    now: new Date().toISOString(),
  });
  reply.code(204);
});

process.once('SIGTERM', () => void app.close());
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
