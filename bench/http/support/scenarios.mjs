// The command-path scenarios as autocannon request sequences. Autocannon replays `requests` in order on
// each connection; `context` is per connection, so a connection carries its session id from the create
// to the next requests, and works through its own slice of library items (one ACTIVE session per item).
/* global URL */
import { randomBytes } from 'node:crypto';

const SESSIONS = '/api/content/library/item/update-session';
export const FILE_BYTES = 16;
const fileBody = randomBytes(FILE_BYTES);
const JSON_BODY = { 'content-type': 'application/json' };

/**
 * Library items for one run, handed out first in, first out: a create takes one, the end of its
 * sequence gives it back, so no two connections ever race for an item and each item's stream stays
 * short. (Autocannon clears a connection's context after each sequence, so items cannot live there.)
 */
export const itemPool = (items) => {
  const free = [...items];
  return {
    take: () => {
      const item = free.shift();
      if (item === undefined) throw new Error('item pool exhausted: more connections than items');
      return item;
    },
    give: (item) => {
      if (item !== undefined) free.push(item);
    },
  };
};

/** Records what the server acknowledged, for the durability check after the run. */
export const newLedger = () => ({
  created: new Set(),
  canceled: new Set(),
  completed: new Set(),
  unexpected: [],
});

const parseJson = (body) => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

const note = (ledger, what, status, body) => {
  if (ledger.unexpected.length < 20)
    ledger.unexpected.push(`${what}: ${status} ${String(body).slice(0, 200)}`);
};

const createRequest = (pool, ledger) => ({
  method: 'POST',
  path: SESSIONS,
  setupRequest: (req, context) => {
    context.item = pool.take();
    return {
      ...req,
      headers: { ...req.headers, ...JSON_BODY },
      body: JSON.stringify({ library_item_id: context.item }),
    };
  },
  onResponse: (status, body, context) => {
    if (status === 201) {
      context.sessionId = parseJson(body);
      ledger.created.add(context.sessionId);
    } else note(ledger, 'create', status, body);
  },
});

/** A: create a session, then cancel it. */
export const createThenCancel = ({ token, pool, ledger }) => ({
  headers: { 'vmware-api-session-id': token },
  requests: [
    createRequest(pool, ledger),
    {
      method: 'POST',
      setupRequest: (req, context) => ({ ...req, path: `${SESSIONS}/${context.sessionId}?action=cancel` }),
      onResponse: (status, body, context) => {
        if (status === 204) ledger.canceled.add(context.sessionId);
        else note(ledger, 'cancel', status, body);
        pool.give(context.item);
      },
    },
  ],
});

/** B: create a session, add a 16-byte PUSH file, PUT its bytes, complete. */
export const createThenComplete = ({ token, pool, ledger }) => ({
  headers: { 'vmware-api-session-id': token },
  requests: [
    createRequest(pool, ledger),
    {
      method: 'POST',
      setupRequest: (req, context) => ({
        ...req,
        path: `${SESSIONS}/${context.sessionId}/file`,
        headers: { ...req.headers, ...JSON_BODY },
        body: JSON.stringify({ name: 'f.bin', source_type: 'PUSH', size: FILE_BYTES }),
      }),
      onResponse: (status, body, context) => {
        if (status === 200 || status === 201) {
          const uri = new URL(parseJson(body)?.upload_endpoint?.uri ?? 'http://invalid/');
          context.uploadPath = uri.pathname + uri.search;
        } else note(ledger, 'add file', status, body);
      },
    },
    {
      method: 'PUT',
      setupRequest: (req, context) => ({
        ...req,
        path: context.uploadPath,
        headers: { ...req.headers, 'content-type': 'application/octet-stream' },
        body: fileBody,
      }),
      onResponse: (status, body) => {
        if (status !== 200) note(ledger, 'put', status, body);
      },
    },
    {
      method: 'POST',
      setupRequest: (req, context) => ({
        ...req,
        path: `${SESSIONS}/${context.sessionId}?action=complete`,
        body: undefined,
      }),
      onResponse: (status, body, context) => {
        if (status === 204) ledger.completed.add(context.sessionId);
        else note(ledger, 'complete', status, body);
        pool.give(context.item);
      },
    },
  ],
});

/** Requests per iteration of each scenario (to turn requests/s into sessions/s). */
export const REQUESTS_PER_SESSION = { 'create+cancel': 2, 'create+complete': 4 };

const BV_FILES = '/bv/cms/v1/library/files';
/** The token that works while no BV_API_TOKENS are configured (the service's default), for organization `default`. */
export const BV_DEVELOPMENT_HEADERS = {
  authorization: 'Bearer bv-development-token',
  'x-bv-org-id': 'default',
};

/** BlendVision: `files:upload` (a file and its upload session), then `files/{id}:cancel-upload`. */
export const bvUploadThenCancel = ({ ledger }) => ({
  headers: { ...BV_DEVELOPMENT_HEADERS, ...JSON_BODY },
  requests: [
    {
      method: 'POST',
      path: `${BV_FILES}:upload`,
      body: JSON.stringify({
        file: {
          type: 'FILE_TYPE_VIDEO',
          source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
          name: 'bench.mp4',
          size: '1048576',
        },
      }),
      onResponse: (status, body, context) => {
        const started = status === 200 ? parseJson(body) : undefined;
        if (started?.file?.id !== undefined && started?.upload_data?.id !== undefined) {
          context.fileId = started.file.id;
          context.sessionId = started.upload_data.id;
          ledger.created.add(context.sessionId);
        } else note(ledger, 'files:upload', status, body);
      },
    },
    {
      method: 'POST',
      setupRequest: (req, context) => ({
        ...req,
        path: `${BV_FILES}/${context.fileId}:cancel-upload`,
        body: JSON.stringify({ upload_id: context.sessionId }),
      }),
      onResponse: (status, body, context) => {
        if (status === 200) ledger.canceled.add(context.sessionId);
        else note(ledger, 'cancel-upload', status, body);
      },
    },
  ],
});
