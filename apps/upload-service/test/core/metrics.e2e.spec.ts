import { randomUUID } from 'node:crypto';
import { addFile, createSession, putBytes, sessionUrl } from '../fixtures';
import { VsphereClient } from '../http-client';
import { startService, type RunningService } from '../service-harness';
import { VendorSpec } from '../vendor-spec';

/** `name{labels} value` lines of one series name (any labels). */
const samples = (text: string, name: string): { labels: string; value: number }[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const at = line.lastIndexOf(' ');
      return { labels: line.slice(name.length, at), value: Number(line.slice(at + 1)) };
    });
const total = (text: string, name: string): number =>
  samples(text, name).reduce((sum, s) => sum + s.value, 0);

describe('/metrics', () => {
  let service: RunningService;
  let client: VsphereClient;
  const metrics = async (): Promise<string> => {
    const response = await fetch(`${service.baseUrl}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  beforeAll(async () => {
    service = await startService();
    client = new VsphereClient(service.baseUrl, VendorSpec.load());
    await client.login(service.users!.alice.username, service.users!.alice.password);
  });
  afterAll(async () => service?.stop());

  it('has the process metrics: heap, GC, event-loop lag', async () => {
    const text = await metrics();
    for (const name of [
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'process_cpu_user_seconds_total',
    ]) {
      expect([name, samples(text, name).length > 0]).toEqual([name, true]);
    }
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    // The metrics that were there before stay, with their names.
    expect(text).toContain('# TYPE upload_sessions_projection_lag gauge');
    expect(text).toContain('# TYPE upload_sessions_read_your_writes_waits_total counter');
  });

  it('times requests by route template, never ids: many sessions, one label', async () => {
    const route = '/api/content/library/item/update-session/:update_session_id';
    const before = await metrics();
    const count = (text: string) =>
      samples(text, 'http_request_duration_seconds_count').filter(
        (s) => s.labels.includes(`route="${route}"`) && s.labels.includes('status="404"'),
      );
    for (let i = 0; i < 25; i++) {
      expect((await client.request('GET', sessionUrl(randomUUID()))).status).toBe(404);
    }
    const after = await metrics();
    const series = count(after);
    expect(series).toEqual([
      {
        labels: `{method="GET",route="${route}",status="404",dialect="vsphere"}`,
        value: (count(before)[0]?.value ?? 0) + 25,
      },
    ]);
    expect(after).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
    // Unknown paths share one label too.
    await fetch(`${service.baseUrl}/no/such/${randomUUID()}`);
    expect(await metrics()).toContain('route="unmatched",status="404",dialect="service"');
  });

  it('counts bytes received, appends (latency, batch size) and the uploads in flight', async () => {
    const before = await metrics();
    const id = await createSession(client);
    const file = await addFile(client, id, { name: 'm.bin', size: 1000 });
    expect((await putBytes(client, file.upload_endpoint!.uri, Buffer.alloc(1000, 7))).status).toBe(200);
    const after = await metrics();
    expect(
      total(after, 'upload_sessions_upload_bytes_received_total') -
        total(before, 'upload_sessions_upload_bytes_received_total'),
    ).toBe(1000);
    expect(samples(after, 'upload_sessions_uploads_in_flight')).toEqual([{ labels: '', value: 0 }]);
    const appends = (text: string) =>
      samples(text, 'upload_sessions_event_store_append_duration_seconds_count')
        .filter((s) => s.labels.includes('outcome="ok"'))
        .reduce((sum, s) => sum + s.value, 0);
    // Library, item, session, file added, content recorded: at least five appends.
    expect(appends(after) - appends(before)).toBeGreaterThanOrEqual(5);
    expect(
      total(after, 'upload_sessions_event_store_append_batch_size_count') -
        total(before, 'upload_sessions_event_store_append_batch_size_count'),
    ).toBe(appends(after) - appends(before));
    for (const name of ['upload_sessions_command_conflicts_total', 'upload_sessions_command_retries_total'])
      expect([name, samples(after, name).length]).toEqual([name, 1]);
  });
});
