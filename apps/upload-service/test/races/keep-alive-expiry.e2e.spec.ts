import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { ExpirySweeper } from '@upload-sessions/service-core/sessions/expire/expiry-sweeper';
import { createItem, createLibrary, createSession, errorType, sessionUrl } from '../fixtures';
import { VsphereClient } from '../http-client';
import { startService, type RunningService } from '../service-harness';
import { VendorSpec } from '../vendor-spec';
import { mergeTallies, readSessionHistory, tally } from './session-history';

jest.setTimeout(120_000);

const RACERS = Number(process.env['RACE_RACERS'] ?? 50);
const ROUNDS = Number(process.env['RACE_ROUNDS'] ?? 20);
const TIMEOUT_SECONDS = 60;

/**
 * Keep-alives race the expiry of their session: the clock is moved past the session's expiration time,
 * then N keep-alives and two expiry sweeps (as two instances would run them) hit the session together,
 * the sweeps a few milliseconds after the first keep-alives on half of the rounds. (The service's own
 * sweep timer is set to an hour so that it cannot end a session before the round starts.) Either the expiry wins (one UploadSessionCanceled
 * `expired`, every later keep-alive 400 NOT_ALLOWED_IN_CURRENT_STATE) or a keep-alive does (the
 * expiry is refused, the session stays ACTIVE); every 204 is one UploadSessionKeptAlive event.
 */
describe(`keep-alive vs expiry races (${RACERS} racers × ${ROUNDS} rounds) [SQLite]`, () => {
  const spec = VendorSpec.load();
  let service: RunningService;
  let client: VsphereClient;
  let store: EventStore;
  let sweeper: ExpirySweeper;
  let offsetMs = 0;

  beforeAll(async () => {
    service = await startService({
      env: { SESSION_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS), EXPIRY_SWEEP_INTERVAL_SECONDS: '3600' },
      clock: () => new Date(Date.now() + offsetMs),
    });
    store = service.app.get<EventStore>(EVENT_STORE);
    sweeper = service.app.get(ExpirySweeper);
    client = new VsphereClient(service.baseUrl, spec);
    const alice = service.users!.alice;
    expect((await client.login(alice.username, alice.password)).status).toBe(201);
  });
  afterAll(async () => service?.stop());

  it('has exactly one outcome per round: expired once, or kept alive; never a 5xx', async () => {
    const libraryId = await createLibrary(client);
    const totals: Record<string, number> = {};
    const winners: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const id = await createSession(client, await createItem(client, libraryId));
      offsetMs += (TIMEOUT_SECONDS + 1) * 1000;
      const keepAlives = (): Promise<string>[] =>
        Array.from({ length: RACERS }, () =>
          client
            .request('POST', `${sessionUrl(id)}?action=keep-alive`)
            .then((r) => `${r.status}${r.status >= 400 ? ` ${String(errorType(r.body))}` : ''}`),
        );
      // On even rounds the sweeps start together with the keep-alives (the in-process sweep gets there
      // first), on odd rounds up to 20 ms later, inside the burst, so that either side may win.
      const delayMs = round % 2 === 0 ? 0 : 1 + (round % 20);
      const sweeps = async (): Promise<readonly string[][]> => {
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        return Promise.all([sweeper.sweep(), sweeper.sweep()]).then((all) => all.map((s) => [...s]));
      };
      const [answers, swept] = await Promise.all([Promise.all(keepAlives()), sweeps()]);
      const outcomes = tally(answers);
      mergeTallies(totals, outcomes);
      const history = await readSessionHistory(store, id);
      expect(history.violations).toEqual([]);
      expect(history.terminal.length).toBeLessThanOrEqual(1);
      const expired = history.terminal.length === 1;
      winners[expired ? 'expiry' : 'keep-alive'] = (winners[expired ? 'expiry' : 'keep-alive'] ?? 0) + 1;
      if (expired) {
        expect(history.terminal[0]).toMatchObject({
          type: 'UploadSessionCanceled',
          data: { reason: 'expired' },
        });
        // Two sweepers raced; the aggregate's revision check let only one of them expire the session.
        expect(swept.flat().filter((s) => s === id).length).toBeLessThanOrEqual(1);
      } else {
        expect(history.final.status).toBe('ACTIVE');
        expect(outcomes['400 NOT_ALLOWED_IN_CURRENT_STATE'] ?? 0).toBe(0);
      }
      // Every acknowledged keep-alive is one event; nothing else was answered.
      expect(history.types.filter((t) => t === 'UploadSessionKeptAlive')).toHaveLength(outcomes['204'] ?? 0);
      expect(
        Object.keys(outcomes).filter((o) => !['204', '400 NOT_ALLOWED_IN_CURRENT_STATE'].includes(o)),
      ).toEqual([]);
    }
    console.log(
      `keep-alive vs expiry: ${ROUNDS} rounds × ${RACERS} keep-alives + 2 sweeps; winners ${JSON.stringify(winners)}; keep-alive outcomes ${JSON.stringify(totals)}`,
    );
  });
});
