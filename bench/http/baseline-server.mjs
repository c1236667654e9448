// The floor of the command-path benchmark: a bare Fastify server (the copy NestJS runs, same version)
// whose routes do the same durable appends as the service's, directly on a SqliteEventStore with the
// service's settings, and nothing else: no auth, no reads or folds (revisions are kept in memory), no
// read models. Same paths and statuses as the vSphere routes, so the same load script drives both.
// Run by command-path.bench.mjs as a child: PORT=… DATA_DIR=… node bench/http/baseline-server.mjs
/* global process */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { repoRoot } from './support/children.mjs';

const requireFromNest = createRequire(join(repoRoot, 'node_modules/@nestjs/platform-fastify/package.json'));
const Fastify = requireFromNest('fastify');

const dataDir = process.env.DATA_DIR;
const opened = await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
if (opened._tag === 'Left') throw new Error(opened.left.message);
const store = opened.right;

const revisions = new Map();
const actor = { id: 'administrator@vsphere.local', kind: 'user' };

/** One event with metadata of the service's shape, appended at the revision last written. */
const append = async (stream, type, data, correlationId) => {
  const id = randomUUID();
  const metadata = {
    eventId: id,
    occurredAt: new Date().toISOString(),
    actor,
    organizationId: 'default',
    correlationId,
    causationId: correlationId,
    schemaVersion: 1,
  };
  const expectedRevision = revisions.get(stream) ?? 'no_stream';
  const result = await store.appendToStream(stream, [{ id, type, data, metadata }], { expectedRevision });
  if (result._tag === 'Left') throw new Error(`${stream}: ${result.left._tag}`);
  revisions.set(stream, result.right.nextExpectedRevision);
};

const sessions = new Map();
const app = Fastify({ logger: false });
app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

app.get('/health', async () => ({ status: 'ok' }));

app.post('/api/content/library/item/update-session', async (req, reply) => {
  const itemId = req.body.library_item_id;
  const sessionId = randomUUID();
  const now = new Date();
  await append(
    `library-item-${itemId}`,
    'LibraryItemClaimed',
    { sessionId, claimedAt: now.toISOString() },
    req.id,
  );
  await append(
    `upload-session-${sessionId}`,
    'UploadSessionStarted',
    {
      sessionId,
      organizationId: 'default',
      target: { kind: 'library-item', libraryItemId: itemId, contentVersion: '0' },
      files: [],
      expiresAt: new Date(now.getTime() + 300_000).toISOString(),
      clientToken: null,
      startedAt: now.toISOString(),
    },
    req.id,
  );
  sessions.set(sessionId, itemId);
  reply.code(201).type('application/json');
  return JSON.stringify(sessionId);
});

app.post('/api/content/library/item/update-session/:id/file', async (req, reply) => {
  const { id } = req.params;
  const { name, size } = req.body;
  const now = new Date().toISOString();
  await append(
    `upload-session-${id}`,
    'UploadSessionFileAdded',
    { name, size, checksum: null, addedAt: now },
    req.id,
  );
  reply.code(201);
  return { name, size, upload_endpoint: { uri: `http://${req.headers.host}/upload/${id}/${name}` } };
});

app.put('/upload/:id/:name', async (req) => {
  const { id, name } = req.params;
  const dir = join(dataDir, 'content', 'tmp', id);
  await mkdir(dir, { recursive: true });
  const incoming = join(dir, `${name}.part`);
  await pipeline(req.body, createWriteStream(incoming));
  await rename(incoming, join(dir, name));
  const now = new Date().toISOString();
  await append(
    `upload-session-${id}`,
    'UploadSessionContentReceived',
    { name, size: 16, checksum: null, etag: null, receivedAt: now },
    req.id,
  );
  return {};
});

app.post('/api/content/library/item/update-session/:id', async (req, reply) => {
  const { id } = req.params;
  const now = new Date().toISOString();
  if (req.query.action === 'cancel') {
    await append(
      `upload-session-${id}`,
      'UploadSessionCanceled',
      { reason: 'client', contentToDelete: [], canceledAt: now },
      req.id,
    );
  } else {
    await append(
      `upload-session-${id}`,
      'UploadSessionCompleted',
      { files: [{ name: 'f.bin', size: 16 }], completedAt: now },
      req.id,
    );
    const itemId = sessions.get(id);
    await append(
      `library-item-${itemId}`,
      'LibraryItemContentCommitted',
      { sessionId: id, files: [{ name: 'f.bin', size: 16 }], committedAt: now },
      req.id,
    );
    const target = join(dataDir, 'content', 'items', itemId, `v-${id}`);
    await mkdir(join(dataDir, 'content', 'items', itemId), { recursive: true });
    await rename(join(dataDir, 'content', 'tmp', id), target);
  }
  sessions.delete(id);
  reply.code(204);
});

const stop = async () => {
  await app.close();
  await store.close();
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
