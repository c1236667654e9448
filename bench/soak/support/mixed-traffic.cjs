// Mixed traffic of both dialects for the soak (bench/soak/soak.bench.mjs, and the short CI version
// apps/upload-service/test/soak/soak.e2e.spec.ts): `workers` loops, each running random flows until
// the time or the operation budget is spent. CommonJS so both the ESM bench and Jest load it as is.
//
// Flows: vSphere create → add file → PUT bytes → complete (or → cancel), get + list sessions;
// BlendVision upload → PUT parts → complete-upload (or → cancel-upload), get + list files.
// The service must run with BV_PART_SIZE_BYTES=PART_BYTES (each BlendVision upload has two parts).
/* global Buffer, URL */
'use strict';
const http = require('node:http');
const { randomBytes } = require('node:crypto');

const PART_BYTES = 32 * 1024;
const FILE_BYTES = 2 * PART_BYTES;
const SESSIONS = '/api/content/library/item/update-session';
const FILES = '/bv/cms/v1/library/files';
const BV_HEADERS = { authorization: 'Bearer bv-development-token', 'x-bv-org-id': 'default' };

/** One request over the given keep-alive agent; the body is read whole. */
const send = (agent, baseUrl, method, path, { headers = {}, json, body } = {}) =>
  new Promise((resolve, reject) => {
    const payload = json !== undefined ? Buffer.from(JSON.stringify(json)) : body;
    const allHeaders = { ...headers };
    if (json !== undefined) allHeaders['content-type'] = 'application/json';
    if (payload !== undefined) allHeaders['content-length'] = String(payload.length);
    const req = http.request(new URL(path, baseUrl), { method, agent, headers: allHeaders }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed;
        try {
          parsed = text === '' ? undefined : JSON.parse(text);
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode, headers: res.headers, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });

/**
 * Runs the traffic. `record(operation, ms, ok)` is called for every request; a request answered with
 * an unexpected status is not ok, and its first few descriptions are returned in `failures`.
 * Returns when `seconds` have passed or `maxOperations` requests were sent, whichever comes first; the
 * agent's connections are closed before it returns.
 */
const runMixedTraffic = async ({
  baseUrl,
  seconds,
  maxOperations = Infinity,
  workers = 8,
  record = () => {},
}) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  const deadline = Date.now() + seconds * 1000;
  const data = randomBytes(FILE_BYTES);
  const failures = [];
  const counts = { requests: 0, failed: 0, flows: {} };
  let stopping = false;

  const call = async (operation, method, path, options, expected) => {
    const started = process.hrtime.bigint();
    const res = await send(agent, baseUrl, method, path, options);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const ok = expected.includes(res.status);
    counts.requests += 1;
    if (!ok) {
      counts.failed += 1;
      if (failures.length < 10)
        failures.push(`${operation}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    record(operation, ms, ok);
    if (counts.requests >= maxOperations) stopping = true;
    return ok ? res : undefined;
  };

  // vSphere set-up: one login, one library, two items per worker (an item holds one session at a time).
  const login = await send(agent, baseUrl, 'POST', '/api/session', {
    headers: {
      authorization: `Basic ${Buffer.from('administrator@vsphere.local:upload-sessions').toString('base64')}`,
    },
  });
  if (login.status !== 201) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const vs = { 'vmware-api-session-id': login.body };
  const library = await send(agent, baseUrl, 'POST', '/api/content/local-library', {
    headers: vs,
    json: { name: `soak-${Date.now()}`, type: 'LOCAL' },
  });
  if (library.status !== 201) throw new Error(`library: ${library.status} ${JSON.stringify(library.body)}`);
  const freeItems = [];
  for (let n = 0; n < workers * 2; n++) {
    const item = await send(agent, baseUrl, 'POST', '/api/content/library/item', {
      headers: vs,
      json: { library_id: library.body, name: `item-${n}`, type: 'iso' },
    });
    if (item.status !== 201) throw new Error(`item: ${item.status} ${JSON.stringify(item.body)}`);
    freeItems.push(item.body);
  }
  const recentSessions = [];
  const recentFiles = [];
  const remember = (list, id) => {
    list.push(id);
    if (list.length > 50) list.shift();
  };

  const vsphereUpload = async (finish) => {
    const item = freeItems.shift();
    try {
      const created = await call(
        'vsphere create',
        'POST',
        SESSIONS,
        { headers: vs, json: { library_item_id: item } },
        [201],
      );
      if (created === undefined) return;
      const id = created.body;
      remember(recentSessions, { id, item });
      const file = await call(
        'vsphere add file',
        'POST',
        `${SESSIONS}/${id}/file`,
        { headers: vs, json: { name: 'soak.bin', source_type: 'PUSH', size: FILE_BYTES } },
        [200, 201],
      );
      if (file !== undefined) {
        const uri = new URL(file.body.upload_endpoint.uri);
        await call(
          'vsphere put',
          'PUT',
          uri.pathname + uri.search,
          { body: data, headers: { 'content-type': 'application/octet-stream' } },
          [200],
        );
      }
      // An end whatever happened before, so the item is free again.
      await call(
        `vsphere ${finish}`,
        'POST',
        `${SESSIONS}/${id}?action=${file === undefined ? 'cancel' : finish}`,
        { headers: vs },
        [204],
      );
    } finally {
      freeItems.push(item);
    }
  };

  const vsphereRead = async () => {
    const recent = recentSessions[Math.floor(Math.random() * recentSessions.length)];
    if (recent === undefined) return;
    await call('vsphere get', 'GET', `${SESSIONS}/${recent.id}`, { headers: vs }, [200]);
    await call('vsphere list', 'GET', `${SESSIONS}?library_item_id=${recent.item}`, { headers: vs }, [200]);
  };

  const bvUpload = async (finish) => {
    const started = await call(
      'bv upload',
      'POST',
      `${FILES}:upload`,
      {
        headers: BV_HEADERS,
        json: {
          file: {
            type: 'FILE_TYPE_VIDEO',
            source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
            name: 'soak.mp4',
            size: String(FILE_BYTES),
          },
        },
      },
      [200],
    );
    if (started === undefined) return;
    const fileId = started.body.file.id;
    const uploadId = started.body.upload_data.id;
    remember(recentFiles, fileId);
    const etags = [];
    for (const part of started.body.upload_data.parts) {
      const url = new URL(part.presigned_url);
      const slice = data.subarray((part.part_number - 1) * PART_BYTES, part.part_number * PART_BYTES);
      const put = await call('bv put part', 'PUT', url.pathname + url.search, { body: slice }, [200]);
      if (put !== undefined) etags.push({ part_number: part.part_number, etag: put.headers.etag });
    }
    if (finish === 'complete' && etags.length === started.body.upload_data.parts.length) {
      await call(
        'bv complete',
        'POST',
        `${FILES}/${fileId}:complete-upload`,
        { headers: BV_HEADERS, json: { complete_data: { id: uploadId, parts: etags } } },
        [200],
      );
    } else {
      await call(
        'bv cancel',
        'POST',
        `${FILES}/${fileId}:cancel-upload`,
        { headers: BV_HEADERS, json: { upload_id: uploadId } },
        [200],
      );
    }
  };

  const bvRead = async () => {
    const fileId = recentFiles[Math.floor(Math.random() * recentFiles.length)];
    if (fileId !== undefined)
      await call('bv get', 'GET', `${FILES}/${fileId}`, { headers: BV_HEADERS }, [200]);
    await call(
      'bv list',
      'GET',
      `${FILES}?type=FILE_TYPE_VIDEO&items_per_page=10`,
      { headers: BV_HEADERS },
      [200],
    );
  };

  const flows = [
    ['vsphere complete', () => vsphereUpload('complete')],
    ['vsphere cancel', () => vsphereUpload('cancel')],
    ['vsphere read', vsphereRead],
    ['bv complete', () => bvUpload('complete')],
    ['bv cancel', () => bvUpload('cancel')],
    ['bv read', bvRead],
  ];
  const worker = async () => {
    while (!stopping && Date.now() < deadline) {
      const [name, flow] = flows[Math.floor(Math.random() * flows.length)];
      await flow();
      counts.flows[name] = (counts.flows[name] ?? 0) + 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    agent.destroy();
  }
  return { ...counts, failures };
};

module.exports = { runMixedTraffic, PART_BYTES, FILE_BYTES };
