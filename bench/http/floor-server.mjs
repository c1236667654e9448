// The floor of issue 16's P1: bare Fastify 5 (the copy NestJS runs) + node:sqlite, nothing else.
// One events table with UNIQUE (stream_name, revision) and a UNIQUE event id, WAL with synchronous=FULL,
// group commit (the appends queued in one event-loop turn share one transaction and one WAL sync), and
// appends only: no auth, no reads, no folds (each stream's revision is kept in memory), no read models.
// It serves the start + cancel pairs of both dialects on the service's paths and statuses, recording per
// request the same events the service records (so the same durable work):
//   vSphere     POST /api/content/library/item/update-session          LibraryItemClaimed + UploadSessionStarted
//               POST /api/content/library/item/update-session/:id?action=cancel   UploadSessionCanceled
//   BlendVision POST /bv/cms/v1/library/files:upload                    UploadSessionStarted + BvFileCreated
//               POST /bv/cms/v1/library/files/:id:cancel-upload          UploadSessionCanceled
// A request is answered only after the commit holding its events returned (durable on acknowledgement).
// Run by command-path.bench.mjs as a child: PORT=… DATA_DIR=… node bench/http/floor-server.mjs
/* global process, setImmediate */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { repoRoot } from './support/children.mjs';

const Fastify = createRequire(join(repoRoot, 'node_modules/@nestjs/platform-fastify/package.json'))(
  'fastify',
);

const db = new DatabaseSync(join(process.env.DATA_DIR, 'floor.sqlite'));
db.exec('PRAGMA journal_mode = WAL');
db.exec('PRAGMA synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream_name TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL,
  data        TEXT NOT NULL,
  metadata    TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (stream_name, revision)
) STRICT`);
const insert = db.prepare(
  'INSERT INTO events (stream_name, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');

/** Next revision per stream (in memory: the floor never reads). */
const revisions = new Map();
/** Appends waiting for the next group commit: [rows, resolve]. */
let queue = [];
let scheduled = false;

const flush = () => {
  scheduled = false;
  const batch = queue;
  queue = [];
  const recordedAt = new Date().toISOString();
  begin.run();
  for (const [rows] of batch)
    for (const r of rows) insert.run(r[0], r[1], r[2], r[3], r[4], r[5], recordedAt);
  commit.run();
  for (const [, resolve] of batch) resolve();
};

/** Appends events ([stream, type, data]) with metadata of the service's shape; resolves once committed. */
const append = (events, correlationId) => {
  const occurredAt = new Date().toISOString();
  const rows = events.map(([stream, type, data]) => {
    const id = randomUUID();
    const revision = revisions.get(stream) ?? 0;
    revisions.set(stream, revision + 1);
    const metadata = {
      eventId: id,
      occurredAt,
      actor: { id: 'bench', kind: 'user' },
      organizationId: 'default',
      correlationId,
      causationId: correlationId,
      schemaVersion: 1,
    };
    return [stream, revision, id, type, JSON.stringify(data), JSON.stringify(metadata)];
  });
  return new Promise((resolve) => {
    queue.push([rows, resolve]);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
};

const app = Fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));

const startedData = (sessionId, target, files, now) => ({
  sessionId,
  organizationId: 'default',
  target,
  files,
  expiresAt: new Date(now.getTime() + 300_000).toISOString(),
  clientToken: null,
  startedAt: now.toISOString(),
});

// vSphere: create an update session (claims the library item), cancel it.
app.post('/api/content/library/item/update-session', async (req, reply) => {
  const itemId = req.body.library_item_id;
  const sessionId = randomUUID();
  const now = new Date();
  await append(
    [
      [`library-item-${itemId}`, 'LibraryItemClaimed', { sessionId, claimedAt: now.toISOString() }],
      [
        `upload-session-${sessionId}`,
        'UploadSessionStarted',
        startedData(sessionId, { kind: 'library-item', libraryItemId: itemId, contentVersion: '0' }, [], now),
      ],
    ],
    req.id,
  );
  reply.code(201).type('application/json');
  return JSON.stringify(sessionId);
});

app.post('/api/content/library/item/update-session/:id', async (req, reply) => {
  const canceledAt = new Date().toISOString();
  await append(
    [
      [
        `upload-session-${req.params.id}`,
        'UploadSessionCanceled',
        { reason: 'client', contentToDelete: [], canceledAt },
      ],
    ],
    req.id,
  );
  reply.code(204);
});

// BlendVision: files:upload (a file and its upload session), files/{id}:cancel-upload.
app.post('/bv/cms/v1/library/files::upload', async (req) => {
  const { file } = req.body;
  const fileId = randomUUID();
  const uploadId = randomUUID();
  const now = new Date();
  const size = Number(file.size);
  await append(
    [
      [
        `upload-session-${uploadId}`,
        'UploadSessionStarted',
        startedData(
          uploadId,
          { kind: 'file', fileId },
          [{ name: 'part-00001', size: null, checksum: null }],
          now,
        ),
      ],
      [
        `bv-file-${fileId}`,
        'BvFileCreated',
        {
          fileId,
          organizationId: 'default',
          uploadId,
          type: file.type,
          source: file.source,
          name: file.name,
          size,
          createdAt: now.toISOString(),
        },
      ],
    ],
    req.id,
  );
  return {
    file: {
      id: fileId,
      name: file.name,
      size: String(size),
      type: file.type,
      status: 'FILE_STATUS_PROGRESSING',
    },
    upload_data: {
      id: uploadId,
      parts: [{ part_number: 1, presigned_url: `http://${req.headers.host}/bv/uploads/${uploadId}/parts/1` }],
    },
  };
});

app.post('/bv/cms/v1/library/files/:idAndVerb', async (req) => {
  const canceledAt = new Date().toISOString();
  await append(
    [
      [
        `upload-session-${req.body.upload_id}`,
        'UploadSessionCanceled',
        { reason: 'client', contentToDelete: [], canceledAt },
      ],
    ],
    req.id,
  );
  return {};
});

process.once('SIGTERM', () => void app.close().then(() => db.close()));
process.once('SIGINT', () => void app.close().then(() => db.close()));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
