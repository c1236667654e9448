import { rpcCode } from '../blendvision/bv-client';
import { errorType, sessionsUrl } from '../fixtures';
import { startTwoOrganizations, type TwoOrganizations } from './two-organizations';

jest.setTimeout(60_000);

const BURST = 40;

/**
 * Rate limits per principal (RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST) answer 429 in each API's format
 * with Retry-After, and only the principal that overdid it is limited; JSON bodies over
 * BODY_LIMIT_BYTES are refused as the README says (vSphere 400 INVALID_ARGUMENT, BlendVision 400
 * code 3: neither contract declares a 413).
 */
describe('request size and rate limits [SQLite]', () => {
  let t: TwoOrganizations;

  beforeAll(async () => {
    // The limit applies from the start: the set-up itself spends part of alice's and token A's burst.
    t = await startTwoOrganizations({
      RATE_LIMIT_PER_SECOND: '1',
      RATE_LIMIT_BURST: String(BURST),
      BODY_LIMIT_BYTES: '1024',
    });
  });
  afterAll(async () => t?.service.stop());

  /**
   * Sends until refused; answers how many got through and the refusal. At most the burst plus what
   * flowed in meanwhile (1 per second) may pass: logins spend tens of ms each on scrypt.
   */
  const exhaust = async <R extends { status: number }>(send: () => Promise<R>): Promise<[number, R]> => {
    const started = Date.now();
    for (let sent = 0; sent <= BURST * 3; sent++) {
      const response = await send();
      if (response.status === 429) {
        expect(sent).toBeLessThanOrEqual(BURST + Math.ceil((Date.now() - started) / 1000) + 1);
        return [sent, response];
      }
      expect(response.status).toBeLessThan(500);
    }
    throw new Error(`no 429 after ${BURST * 3 + 1} requests`);
  };

  it('answers a vSphere user over the limit 429 UNABLE_TO_ALLOCATE_RESOURCE with Retry-After; others go on', async () => {
    const [passed, refused] = await exhaust(() => t.alice.request('GET', sessionsUrl));
    expect(passed).toBeLessThanOrEqual(BURST);
    expect([refused.status, errorType(refused.body)]).toEqual([429, 'UNABLE_TO_ALLOCATE_RESOURCE']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Bob is another principal with his own budget.
    expect((await t.bob.request('GET', sessionsUrl)).status).toBe(200);
    console.log(`vSphere rate limit: ${passed} requests passed, then 429 (burst ${BURST}, 1/s)`);
  });

  it('answers a BlendVision token over the limit 429 code 8 RESOURCE_EXHAUSTED; others go on', async () => {
    const list = '/bv/cms/v1/library/files?type=FILE_TYPE_VIDEO';
    const [passed, refused] = await exhaust(() => t.bvA.request('GET', list));
    expect([refused.status, rpcCode(refused.body)]).toEqual([429, 8]);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await t.bvB.request('GET', list)).status).toBe(200);
    // Audit reads by the same token count against it too, answered in the audit API's format.
    const audit = await fetch(`${t.service.baseUrl}/audit/organizations/${t.orgA}/events`, {
      headers: { authorization: `Bearer ${t.tokenA}` },
    });
    expect([audit.status, await audit.json()]).toEqual([
      429,
      { error: { code: 'RESOURCE_EXHAUSTED', message: expect.any(String) as unknown } },
    ]);
    console.log(`BlendVision rate limit: ${passed} requests passed, then 429 (burst ${BURST}, 1/s)`);
  });

  it('limits callers without credentials by address: guessing passwords gets 429 too', async () => {
    const [passed, refused] = await exhaust(() =>
      t.alice.request('POST', '/api/session', {
        anonymous: true,
        headers: { authorization: `Basic ${Buffer.from('mallory:guess').toString('base64')}` },
      }),
    );
    expect([refused.status, errorType(refused.body)]).toEqual([429, 'UNABLE_TO_ALLOCATE_RESOURCE']);
    console.log(`unauthenticated rate limit: ${passed} login attempts answered, then 429`);
  });

  it('refuses JSON bodies over the limit in each dialect’s format, storing nothing', async () => {
    const before = await t.head();
    const big = JSON.stringify({ library_item_id: 'x'.repeat(2048) });
    const vs = await t.bob.request('POST', sessionsUrl, { raw: big });
    expect([vs.status, errorType(vs.body)]).toEqual([400, 'INVALID_ARGUMENT']);
    const bv = await t.bvB.request('POST', '/bv/cms/v1/library/files:upload', {
      raw: JSON.stringify({ file: { name: 'x'.repeat(2048) } }),
    });
    expect([bv.status, rpcCode(bv.body)]).toEqual([400, 3]);
    expect(await t.head()).toBe(before);
  });
});
