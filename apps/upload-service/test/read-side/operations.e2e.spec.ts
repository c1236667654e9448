import { startBvService, type BvService } from '../blendvision/bv-service';
import { vsphereCancel, vsphereLogin, vsphereSession as startVsphereSession } from '../ui/vsphere-session';

interface Summary {
  readonly session_id: string;
  readonly state: string;
  readonly dialect: string;
  readonly name: string | null;
  readonly size: number | null;
}

describe('the operations JSON under /audit/organizations/{org}/operations', () => {
  let service: BvService;
  let vsphereToken: string;
  let vsphereSession: string;
  let bvUpload: string;
  let otherOrgUpload: string;

  const get = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${service.baseUrl}/audit/organizations${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const asToken = () => ({ authorization: `Bearer ${service.tokens.acme.token}` });
  const list = async (org: string, query = '') => {
    const answer = await get(`/${org}/operations/sessions${query}`, asToken());
    expect(answer.status).toBe(200);
    return answer.body as { sessions: Summary[]; next: string | null };
  };
  const upload = async (org: string, name: string): Promise<string> => {
    const response = await fetch(`${service.baseUrl}/bv/cms/v1/library/files:upload`, {
      method: 'POST',
      headers: { ...asToken(), 'x-bv-org-id': org, 'content-type': 'application/json' },
      body: JSON.stringify({
        file: { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name, size: '1000' },
      }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { upload_data: { id: string } }).upload_data.id;
  };

  beforeAll(async () => {
    service = await startBvService();
    vsphereToken = await vsphereLogin(
      service.baseUrl,
      service.vsphereUser.username,
      service.vsphereUser.password,
    );
    vsphereSession = (await startVsphereSession(service.baseUrl, vsphereToken, 'disk.iso')).sessionId;
    await vsphereCancel(service.baseUrl, vsphereToken, vsphereSession);
    bvUpload = await upload(service.orgs.a, 'Holiday-Clip.mp4');
    otherOrgUpload = await upload(service.orgs.b, 'elsewhere.mp4');
  }, 60_000);

  afterAll(() => service?.stop());

  it('lists the organization’s sessions of both dialects, newest first, and nothing of another organization', async () => {
    const page = await list(service.orgs.a);
    expect(page.sessions.map((s) => [s.session_id, s.dialect, s.state])).toEqual([
      [bvUpload, 'blendvision', 'ACTIVE'],
      [vsphereSession, 'vsphere', 'CANCELED'],
    ]);
    expect(page.sessions[0]).toMatchObject({ name: 'Holiday-Clip.mp4', size: 1000 });
    expect(page.sessions[1]).toMatchObject({ name: 'disk.iso', size: null });
    expect(page.next).toBeNull();
    expect((await list(service.orgs.b)).sessions.map((s) => s.session_id)).toEqual([otherOrgUpload]);
  });

  it('filters by state, dialect, name and time, and pages with next/after', async () => {
    const ids = async (query: string) =>
      (await list(service.orgs.a, query)).sessions.map((s) => s.session_id);
    expect(await ids('?state=CANCELED')).toEqual([vsphereSession]);
    expect(await ids('?dialect=blendvision')).toEqual([bvUpload]);
    expect(await ids('?name=holiday')).toEqual([bvUpload]);
    expect(await ids('?since=1h')).toHaveLength(2);
    expect(await ids('?until=2000-01-01')).toEqual([]);
    const first = await list(service.orgs.a, '?limit=1');
    expect(first.sessions.map((s) => s.session_id)).toEqual([bvUpload]);
    expect(first.next).not.toBeNull();
    expect(await ids(`?limit=1&after=${first.next ?? ''}`)).toEqual([vsphereSession]);
  });

  it('answers one session with its files, and 404 for another organization’s', async () => {
    const one = await get(`/${service.orgs.a}/operations/sessions/${bvUpload}`, asToken());
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      session_id: bvUpload,
      staged_content: false,
      files: [{ name: 'part-00001' }],
    });
    const foreign = await get(`/${service.orgs.a}/operations/sessions/${otherOrgUpload}`, asToken());
    expect(foreign.status).toBe(404);
  });

  it('counts per state and lists the cancellations with their reasons', async () => {
    const activity = await get(`/${service.orgs.a}/operations/activity`, asToken());
    expect(activity.status).toBe(200);
    expect(activity.body['by_state']).toEqual({ ACTIVE: 1, CANCELED: 1 });
    expect(activity.body['cancellations']).toMatchObject([
      { session_id: vsphereSession, cancel_reason: 'client' },
    ]);
  });

  it('authenticates like the audit API and refuses bad queries with 400', async () => {
    expect((await get(`/${service.orgs.a}/operations/sessions`, {})).status).toBe(401);
    const vsphereOtherOrg = await get(`/${service.orgs.b}/operations/sessions`, {
      'vmware-api-session-id': vsphereToken,
    });
    expect(vsphereOtherOrg.status).toBe(403);
    expect((await get(`/${service.orgs.c}/operations/activity`, asToken())).status).toBe(403);
    const bad = await get(`/${service.orgs.a}/operations/sessions?state=RUNNING&limit=0`, asToken());
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });

  it('serves the page and its assets with a same-origin content security policy', async () => {
    const page = await fetch(`${service.baseUrl}/ui`);
    // 503 names the build command when the page's TypeScript is not compiled yet; both carry the policy.
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const css = await fetch(`${service.baseUrl}/ui/assets/ui.css`);
    if (page.status === 200) expect(css.headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${service.baseUrl}/ui/assets/..%2Fproject.json`)).status).not.toBe(200);
  });
});
