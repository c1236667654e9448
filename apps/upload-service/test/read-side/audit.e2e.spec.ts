import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { BvClient } from '../blendvision/bv-client';
import { describeEachStore } from '../blendvision/bv-backends';
import { FILES, partOf } from '../blendvision/bv-flow';
import { startBvService, type BvService } from '../blendvision/bv-service';
import { BvSpec } from '../blendvision/bv-spec';
import { createItem, sessionUrl, sessionsUrl } from '../fixtures';
import { VsphereClient } from '../http-client';
import { VendorSpec } from '../vendor-spec';
import { jsonLines, runCliChild } from '../support/run-cli-child';
import { serviceReadModels } from '../../src/app/service-read-models';
import { readModelsPath } from '@upload-sessions/read-side/projections/read-models-path';

interface AuditEventJson {
  readonly position: string;
  readonly stream: string;
  readonly type: string;
  readonly actor: { readonly id: string; readonly kind: string | null } | null;
  readonly organization_id: string;
  readonly correlation_id: string;
  readonly causation_id: string | null;
  readonly occurred_at: string;
  readonly data: Record<string, unknown>;
}

const dumpLive = (dataDir: string): Record<string, unknown> => {
  const db = new DatabaseSync(readModelsPath(dataDir), { readOnly: true });
  try {
    return Object.fromEntries(
      serviceReadModels
        .flatMap((m) => m.tables)
        .map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]),
    );
  } finally {
    db.close();
  }
};

describeEachStore('audit trail of what the dialects did, over HTTP and from the CLI', (env) => {
  let service: BvService;
  let vsphere: VsphereClient;
  let bv: BvClient;
  const run = randomUUID().slice(0, 8);
  // The X-Request-Id of every request: they become the events' correlation ids.
  const ids = {
    vsCreate: `vs-create-${run}`,
    vsFile: `vs-file-${run}`,
    vsKeepAlive: `vs-keepalive-${run}`,
    vsCancel: `vs-cancel-${run}`,
    bvUpload: `bv-upload-${run}`,
    bvPart: `bv-part-${run}`,
    bvCancel: `bv-cancel-${run}`,
  };
  let vsSession: string;
  let bvFile: string;
  let bvUpload: string;
  const cliEnv = () => ({ DATA_DIR: service.dataDir, ...env });
  const audit = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${service.baseUrl}/audit/organizations${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const asVsphere = () => ({ 'vmware-api-session-id': vsphere.token ?? '' });
  const asToken = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    service = await startBvService(env);
    vsphere = new VsphereClient(service.baseUrl, VendorSpec.load());
    expect((await vsphere.login(service.vsphereUser.username, service.vsphereUser.password)).status).toBe(
      201,
    );
    bv = new BvClient(service.baseUrl, BvSpec.load(), service.tokens.acme.token, service.orgs.a);

    // vSphere: create, add a file, keep alive, cancel.
    const item = await createItem(vsphere);
    const created = await vsphere.request('POST', sessionsUrl, {
      json: { library_item_id: item },
      headers: { 'x-request-id': ids.vsCreate },
    });
    expect(created.status).toBe(201);
    vsSession = created.body as string;
    const added = await vsphere.request('POST', `${sessionUrl(vsSession)}/file`, {
      json: { name: 'disk.vmdk', source_type: 'PUSH' },
      headers: { 'x-request-id': ids.vsFile },
    });
    expect(added.status).toBe(201);
    expect(
      (
        await vsphere.request('POST', `${sessionUrl(vsSession)}?action=keep-alive`, {
          json: { client_progress: 30 },
          headers: { 'x-request-id': ids.vsKeepAlive },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await vsphere.request('POST', `${sessionUrl(vsSession)}?action=cancel`, {
          headers: { 'x-request-id': ids.vsCancel },
        })
      ).status,
    ).toBe(204);

    // BlendVision: an upload, one part, cancel.
    const data = Buffer.alloc(service.partSize + 10, 7);
    const upload = await bv.request('POST', `${FILES}:upload`, {
      json: {
        file: {
          type: 'FILE_TYPE_VIDEO',
          source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
          name: `clip-${run}.mp4`,
          size: String(data.length),
        },
      },
      headers: { 'x-request-id': ids.bvUpload },
    });
    expect(upload.status).toBe(200);
    const body = upload.body as {
      file: { id: string };
      upload_data: { id: string; parts: { part_number: number; presigned_url: string }[] };
    };
    bvFile = body.file.id;
    bvUpload = body.upload_data.id;
    const part = body.upload_data.parts[0]!;
    const put = await fetch(part.presigned_url, {
      method: 'PUT',
      body: partOf(data, service.partSize, 1),
      headers: { 'x-request-id': ids.bvPart },
    });
    expect(put.status).toBe(200);
    expect(
      (
        await bv.request('POST', `${FILES}/${bvFile}:cancel-upload`, {
          json: { upload_id: bvUpload },
          headers: { 'x-request-id': ids.bvCancel },
        })
      ).status,
    ).toBe(200);
  }, 60_000);
  afterAll(async () => service?.stop());

  it("tells a vSphere session's history: who, when, which request, in order", async () => {
    const { status, body } = await audit(`/${service.orgs.a}/sessions/${vsSession}`, asVsphere());
    expect(status).toBe(200);
    const events = body['events'] as AuditEventJson[];
    expect(events.map((e) => [e.type, e.correlation_id])).toEqual([
      ['UploadSessionStarted', ids.vsCreate],
      ['UploadSessionFileAdded', ids.vsFile],
      ['UploadSessionKeptAlive', ids.vsKeepAlive],
      ['UploadSessionCanceled', ids.vsCancel],
    ]);
    expect(new Set(events.map((e) => JSON.stringify(e.actor)))).toEqual(
      new Set([JSON.stringify({ id: service.vsphereUser.username, kind: 'user' })]),
    );
    expect(
      events.every((e) => e.organization_id === service.orgs.a && e.stream === `upload-session-${vsSession}`),
    ).toBe(true);
    // Each request is the causation of what it wrote: four requests, four causations.
    expect(new Set(events.map((e) => e.causation_id)).size).toBe(4);
    expect(events[2]?.data).toMatchObject({ clientProgress: 30 });
    const times = events.map((e) => e.occurred_at);
    expect([...times].sort()).toEqual(times);
  });

  it("tells a BlendVision upload's history: the API token, and the presigned URL for the part's bytes", async () => {
    const { status, body } = await audit(
      `/${service.orgs.a}/sessions/${bvUpload}`,
      asToken(service.tokens.acme.token),
    );
    expect(status).toBe(200);
    const events = body['events'] as AuditEventJson[];
    expect(events.map((e) => [e.type, e.correlation_id, e.actor?.id, e.actor?.kind])).toEqual([
      ['UploadSessionStarted', ids.bvUpload, service.tokens.acme.name, 'api-token'],
      // A part's bytes come with a presigned URL and no credentials: the URL is the actor.
      ['UploadSessionContentReceived', ids.bvPart, 'presigned-part-url', 'presigned-url'],
      ['UploadSessionCanceled', ids.bvCancel, service.tokens.acme.name, 'api-token'],
    ]);
  });

  it("lists the organization's events by correlation id, type and actor, across dialects", async () => {
    const byRequest = await audit(`/${service.orgs.a}/events?correlation_id=${ids.bvUpload}`, asVsphere());
    expect(byRequest.status).toBe(200);
    const created = byRequest.body['events'] as AuditEventJson[];
    expect(created.map((e) => e.type).sort()).toEqual(['BvFileCreated', 'UploadSessionStarted']);
    expect(created.find((e) => e.type === 'BvFileCreated')?.stream).toBe(`bv-file-${bvFile}`);

    const cancels = await audit(
      `/${service.orgs.a}/events?type=UploadSessionCanceled`,
      asToken(service.tokens.acme.token),
    );
    expect((cancels.body['events'] as AuditEventJson[]).map((e) => e.correlation_id)).toEqual([
      ids.vsCancel,
      ids.bvCancel,
    ]);

    const byActor = await audit(
      `/${service.orgs.a}/events?actor=${encodeURIComponent(service.tokens.acme.name)}`,
      asVsphere(),
    );
    expect(new Set((byActor.body['events'] as AuditEventJson[]).map((e) => e.correlation_id))).toEqual(
      new Set([ids.bvUpload, ids.bvCancel]),
    );

    const none = await audit(`/${service.orgs.a}/events?since=2000-01-01&until=2000-01-02`, asVsphere());
    expect(none.body).toMatchObject({ events: [], next: null });
    const paged = await audit(`/${service.orgs.a}/events?limit=2`, asVsphere());
    expect((paged.body['events'] as unknown[]).length).toBe(2);
    expect(typeof paged.body['next']).toBe('string');
  });

  it('is authorised per organization and never shows another organization’s events', async () => {
    expect((await audit(`/${service.orgs.a}/events`, {})).status).toBe(401);
    expect((await audit(`/${service.orgs.a}/events`, asToken('nonsense'))).status).toBe(401);
    expect((await audit(`/${service.orgs.a}/events`, asToken(service.tokens.other.token))).status).toBe(403);
    expect((await audit(`/${service.orgs.b}/events`, asVsphere())).status).toBe(403);
    // The acme token may act for org b too: org a's session is not there.
    expect(
      (await audit(`/${service.orgs.b}/sessions/${vsSession}`, asToken(service.tokens.acme.token))).status,
    ).toBe(404);
    const orgB = await audit(`/${service.orgs.b}/events`, asToken(service.tokens.acme.token));
    expect(orgB).toMatchObject({ status: 200, body: { events: [], next: null } });
    expect((await audit(`/${service.orgs.a}/sessions/${randomUUID()}`, asVsphere())).status).toBe(404);
    expect((await audit(`/${service.orgs.a}/events?since=yesterday`, asVsphere())).status).toBe(400);
  });

  it('answers the same from the CLI, as JSON lines and as a table, with the service running', async () => {
    const http = (await audit(`/${service.orgs.a}/sessions/${vsSession}`, asVsphere())).body['events'];
    const session = await runCliChild(['audit', 'session', vsSession, '--json'], cliEnv());
    // stderr says which store was opened, and nothing else.
    expect({ code: session.code, stderr: session.stderr }).toEqual({
      code: 0,
      stderr: expect.stringMatching(/^event store: (sqlite|kurrentdb):[^\n]+\n$/) as unknown,
    });
    expect(jsonLines(session.stdout)).toEqual(http);

    const table = await runCliChild(['audit', 'session', vsSession], cliEnv());
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toContain(`session ${vsSession}, organization ${service.orgs.a}, 4 events`);
    expect(lines[2]).toMatch(/^TIME\s+TYPE\s+ACTOR\s+CORRELATION\s+CAUSATION\s+DATA$/);
    expect(lines.slice(3).map((l) => l.split(/\s{2,}/)[1])).toEqual([
      'UploadSessionStarted',
      'UploadSessionFileAdded',
      'UploadSessionKeptAlive',
      'UploadSessionCanceled',
    ]);
    expect(lines.slice(3).every((l) => l.includes(`${service.vsphereUser.username} (user)`))).toBe(true);

    const org = await runCliChild(
      ['audit', 'org', service.orgs.a, '--correlation-id', ids.bvCancel, '--json'],
      cliEnv(),
    );
    const viaHttp = (await audit(`/${service.orgs.a}/events?correlation_id=${ids.bvCancel}`, asVsphere()))
      .body['events'];
    expect(org.code).toBe(0);
    expect(jsonLines(org.stdout)).toEqual(viaHttp);
    expect(jsonLines(org.stdout).map((e) => e['type'])).toContain('UploadSessionCanceled');

    const typed = await runCliChild(
      ['audit', 'org', service.orgs.a, '--type', 'UploadSessionStarted', '--since', '1h'],
      cliEnv(),
    );
    expect(typed.code).toBe(0);
    expect(typed.stdout).toMatch(new RegExp(`organization ${service.orgs.a}, 2 events`));

    const foreign = await runCliChild(['audit', 'session', vsSession, '--org', service.orgs.c], cliEnv());
    expect({ code: foreign.code, stdout: foreign.stdout }).toEqual({ code: 3, stdout: '' });
  }, 60_000);

  it('rebuilds the read models while the service answers, ending equal to the live projection', async () => {
    const before = dumpLive(service.dataDir);
    const rebuilt = await runCliChild(['rebuild', '--batch-size', '3'], cliEnv());
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(
      /^rebuilt \d+ events up to \S+ in [\d.]+ s \(\d+ events\/s\); swapped in\n$/,
    );
    // Not a terminal: plain progress lines on stderr, the last one `done`.
    expect(rebuilt.stderr.trim().split('\n').pop()).toMatch(/^done\s+\[#+\] 100\.0%/);
    expect(dumpLive(service.dataDir)).toEqual(before);
    // The service reads the swapped-in tables and keeps projecting into them.
    const file = await bv.request('GET', `${FILES}/${bvFile}`);
    expect(file.status).toBe(200);
    const again = await bv.request('POST', `${FILES}:upload`, {
      json: {
        file: {
          type: 'FILE_TYPE_IMAGE',
          source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
          name: `after-${run}.png`,
          size: '10',
        },
      },
    });
    expect(again.status).toBe(200);
    const id = (again.body as { file: { id: string } }).file.id;
    expect((await bv.request('GET', `${FILES}/${id}`)).status).toBe(200);

    const status = await runCliChild(['status'], cliEnv());
    expect(status.code).toBe(0);
    for (const model of serviceReadModels)
      expect(status.stdout).toMatch(new RegExp(`^${model.name}\\s+\\S+\\s+\\d+ behind$`, 'm'));
  }, 60_000);

  it('reports each read model’s position and lag in health and metrics', async () => {
    const ready = await fetch(`${service.baseUrl}/health/ready`);
    const health = (await ready.json()) as {
      projections: { state: string; readModels: { name: string; position: string; lag: number }[] };
    };
    expect(ready.status).toBe(200);
    expect(health.projections.state).toBe('live');
    expect(health.projections.readModels.map((m) => m.name)).toEqual(serviceReadModels.map((m) => m.name));
    for (const model of health.projections.readModels) expect(model.lag).toBeGreaterThanOrEqual(0);
    const metrics = await fetch(`${service.baseUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    for (const model of serviceReadModels) {
      expect(text).toMatch(
        new RegExp(`^upload_sessions_projection_lag\\{read_model="${model.name}"\\} \\d+$`, 'm'),
      );
      expect(text).toMatch(
        new RegExp(`^upload_sessions_projection_position\\{read_model="${model.name}"\\} \\d+$`, 'm'),
      );
    }
    expect(text).toMatch(/^upload_sessions_projection_up\{state="live"\} 1$/m);
  });
});
