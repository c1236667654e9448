// Sets up what the command-path scenarios need on the service, over its vSphere API: a login token, a
// library and a pool of library items (an item holds one ACTIVE session at a time, so each connection
// works on its own items).
/* global fetch, Buffer, setTimeout */

const expectStatus = async (res, status, what) => {
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return res;
};

export const DEFAULT_USER = 'administrator@vsphere.local';
export const DEFAULT_PASSWORD = 'upload-sessions';

export const login = async (baseUrl, user = DEFAULT_USER, password = DEFAULT_PASSWORD) => {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
  });
  await expectStatus(res, 201, 'login');
  return await res.json();
};

const post = async (baseUrl, token, path, body, status = 201) => {
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'vmware-api-session-id': token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await expectStatus(res, status, `POST ${path}`);
  return await res.json();
};

/** A library with `count` items, created `concurrency` at a time; returns the item ids. */
export const createItems = async (baseUrl, token, count, concurrency = 8) => {
  const library = await post(baseUrl, token, '/api/content/local-library', {
    name: `bench-${Date.now()}`,
    type: 'LOCAL',
  });
  const items = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      items[n] = await post(baseUrl, token, '/api/content/library/item', {
        library_id: library,
        name: `item-${n}`,
        type: 'iso',
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return items;
};

/**
 * Cancels the sessions a run left ACTIVE: autocannon stops connections mid-sequence, so a create may
 * have no cancel or complete after it (its item stays claimed). Candidates: what the ledger saw
 * created and not ended, and what the list shows that the ledger never saw (a create whose answer came
 * after the run stopped). Ended ones answer 400 and are skipped. Returns how many were canceled.
 */
export const releaseOpenSessions = async (baseUrl, token, ledger) => {
  const headers = { 'vmware-api-session-id': token };
  let listed = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const res = await fetch(`${baseUrl}/api/content/library/item/update-session`, { headers });
    await expectStatus(res, 200, 'list sessions');
    const now = await res.json();
    if (now.length === listed.length) break;
    listed = now;
  }
  const candidates = new Set(listed.filter((id) => !ledger.created.has(id)));
  for (const id of ledger.created)
    if (!ledger.canceled.has(id) && !ledger.completed.has(id)) candidates.add(id);
  let canceled = 0;
  const queue = [...candidates];
  const worker = async () => {
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      const res = await fetch(`${baseUrl}/api/content/library/item/update-session/${id}?action=cancel`, {
        method: 'POST',
        headers,
      });
      await res.arrayBuffer();
      if (res.status === 204) {
        canceled += 1;
        ledger.created.add(id);
        ledger.canceled.add(id);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return canceled;
};
