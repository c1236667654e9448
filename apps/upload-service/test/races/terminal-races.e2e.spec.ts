import { randomBytes } from 'node:crypto';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { BvClient, rpcCode, type BvResponse } from '../blendvision/bv-client';
import { cancel, complete, putAllParts, startUpload } from '../blendvision/bv-flow';
import { startBvService, type BvService } from '../blendvision/bv-service';
import { BvSpec } from '../blendvision/bv-spec';
import {
  addFile,
  createItem,
  createLibrary,
  createSession,
  errorType,
  putBytes,
  sessionUrl,
} from '../fixtures';
import { VsphereClient, type Response } from '../http-client';
import { VendorSpec } from '../vendor-spec';
import { mergeTallies, readSessionHistory, tally } from './session-history';

/**
 * N clients race the terminal commands of one session, round after round, in both dialects, on the
 * embedded SQLite store: exactly one terminal event each round (by the event history, checked with the
 * domain's decide/evolve), every loser gets its dialect's state error, never a 5xx or a 409.
 */
jest.setTimeout(120_000);

const RACERS = Number(process.env['RACE_RACERS'] ?? 50);
const ROUNDS = Number(process.env['RACE_ROUNDS'] ?? 20);

type Kind = 'cancel' | 'complete';

/** Every racer's request is created before any is awaited, so they reach the server together. */
const race = <R>(kinds: readonly Kind[], send: (kind: Kind) => Promise<R>): Promise<R[]> =>
  Promise.all(kinds.map((kind) => send(kind)));

const alternating = (n: number, round: number): Kind[] =>
  Array.from({ length: n }, (_, i) => ((i + round) % 2 === 0 ? 'cancel' : 'complete'));

const report: string[] = [];

describe(`terminal-command races (${RACERS} racers × ${ROUNDS} rounds) [SQLite]`, () => {
  const vsphereSpec = VendorSpec.load();
  const bvSpec = BvSpec.load();
  let service: BvService;
  let store: EventStore;
  let vsphere: VsphereClient;
  let bv: BvClient;

  beforeAll(async () => {
    service = await startBvService({ BV_PART_SIZE_BYTES: '1024' });
    store = service.app.get<EventStore>(EVENT_STORE);
    vsphere = new VsphereClient(service.baseUrl, vsphereSpec);
    expect((await vsphere.login(service.vsphereUser.username, service.vsphereUser.password)).status).toBe(
      201,
    );
    bv = new BvClient(service.baseUrl, bvSpec, service.tokens.acme.token, service.orgs.a);
  });
  afterAll(async () => {
    await service?.stop();
    console.log(`race report\n${report.join('\n')}`);
  });

  const vsphereOutcome = (response: Response): string =>
    `${response.status}${response.status >= 400 ? ` ${String(errorType(response.body))}` : ''}`;
  const bvOutcome = (response: BvResponse): string =>
    `${response.status}${response.status >= 400 ? ` code ${String(rpcCode(response.body))}` : ''}`;

  /** A vSphere session with one received file, ready to complete. */
  const vsphereSession = async (libraryId: string): Promise<string> => {
    const id = await createSession(vsphere, await createItem(vsphere, libraryId));
    const file = await addFile(vsphere, id, { name: 'f.bin', size: 16 });
    expect((await putBytes(vsphere, file.upload_endpoint!.uri, randomBytes(16))).status).toBe(200);
    return id;
  };

  it('vSphere ?action=cancel|complete: one winner, the rest 400 NOT_ALLOWED_IN_CURRENT_STATE', async () => {
    const libraryId = await createLibrary(vsphere);
    const totals: Record<string, number> = {};
    const winners: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const id = await vsphereSession(libraryId);
      const kinds = alternating(RACERS, round);
      const answers = await race(kinds, (kind) =>
        vsphere.request('POST', `${sessionUrl(id)}?action=${kind}`),
      );
      const outcomes = answers.map((answer, i) => `${kinds[i]} ${vsphereOutcome(answer)}`);
      mergeTallies(totals, tally(outcomes));
      const history = await readSessionHistory(store, id);
      expect(history.violations).toEqual([]);
      expect(history.terminal).toHaveLength(1);
      const won = history.terminal[0]?.type === 'UploadSessionCompleted' ? 'complete' : 'cancel';
      winners[won] = (winners[won] ?? 0) + 1;
      // The one 204 is the command whose event is in the history; everyone else is told the state.
      expect(tally(outcomes)).toEqual({
        [`${won} 204`]: 1,
        ...(won === 'cancel'
          ? { 'cancel 400 NOT_ALLOWED_IN_CURRENT_STATE': RACERS / 2 - 1 }
          : { 'cancel 400 NOT_ALLOWED_IN_CURRENT_STATE': RACERS / 2 }),
        ...(won === 'complete'
          ? { 'complete 400 NOT_ALLOWED_IN_CURRENT_STATE': RACERS / 2 - 1 }
          : { 'complete 400 NOT_ALLOWED_IN_CURRENT_STATE': RACERS / 2 }),
      });
    }
    report.push(
      `vSphere cancel vs complete: ${ROUNDS} rounds × ${RACERS} racers; winners ${JSON.stringify(winners)}; outcomes ${JSON.stringify(totals)}`,
    );
  });

  it('vSphere cancel vs cancel: one 204, the rest 400 NOT_ALLOWED_IN_CURRENT_STATE', async () => {
    const libraryId = await createLibrary(vsphere);
    const totals: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const id = await vsphereSession(libraryId);
      const answers = await race(Array<Kind>(RACERS).fill('cancel'), () =>
        vsphere.request('POST', `${sessionUrl(id)}?action=cancel`),
      );
      const outcomes = tally(answers.map(vsphereOutcome));
      mergeTallies(totals, outcomes);
      const history = await readSessionHistory(store, id);
      expect(history.violations).toEqual([]);
      expect(history.terminal.map((e) => e.type)).toEqual(['UploadSessionCanceled']);
      expect(outcomes).toEqual({ '204': 1, '400 NOT_ALLOWED_IN_CURRENT_STATE': RACERS - 1 });
    }
    report.push(
      `vSphere cancel vs cancel: ${ROUNDS} rounds × ${RACERS} racers; winners {"cancel":${ROUNDS}}; outcomes ${JSON.stringify(totals)}`,
    );
  });

  /** A BlendVision upload of one part, PUT, ready to complete. */
  const bvUpload = async () => {
    const data = randomBytes(100);
    const upload = await startUpload(bv, data.length);
    const etags = await putAllParts(bv, upload, data, 1024);
    return { upload, etags };
  };

  it('BlendVision :cancel-upload vs :complete-upload: one terminal event, the losers 400 code 9', async () => {
    const totals: Record<string, number> = {};
    const winners: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const { upload, etags } = await bvUpload();
      const kinds = alternating(RACERS, round);
      const answers = await race(kinds, (kind) =>
        kind === 'cancel'
          ? cancel(bv, upload.file.id, upload.uploadId)
          : complete(bv, upload.file.id, upload.uploadId, etags),
      );
      const outcomes = answers.map((answer, i) => `${kinds[i]} ${bvOutcome(answer)}`);
      mergeTallies(totals, tally(outcomes));
      const history = await readSessionHistory(store, upload.uploadId);
      expect(history.violations).toEqual([]);
      expect(history.terminal).toHaveLength(1);
      const won = history.terminal[0]?.type === 'UploadSessionCompleted' ? 'complete' : 'cancel';
      winners[won] = (winners[won] ?? 0) + 1;
      // A repeated cancel is 200 {} by contract; everything else that lost is FAILED_PRECONDITION.
      expect(tally(outcomes)).toEqual(
        won === 'complete'
          ? { 'complete 200': 1, 'complete 400 code 9': RACERS / 2 - 1, 'cancel 400 code 9': RACERS / 2 }
          : { 'cancel 200': RACERS / 2, 'complete 400 code 9': RACERS / 2 },
      );
      for (const [i, answer] of answers.entries()) {
        if (kinds[i] === 'cancel' && answer.status === 200) expect(answer.body).toEqual({});
      }
    }
    report.push(
      `BlendVision cancel vs complete: ${ROUNDS} rounds × ${RACERS} racers; winners ${JSON.stringify(winners)}; outcomes ${JSON.stringify(totals)}`,
    );
  });

  it('BlendVision cancel vs cancel: one terminal event, every cancel 200 {}', async () => {
    const totals: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const { upload } = await bvUpload();
      const answers = await race(Array<Kind>(RACERS).fill('cancel'), () =>
        cancel(bv, upload.file.id, upload.uploadId),
      );
      const outcomes = tally(answers.map(bvOutcome));
      mergeTallies(totals, outcomes);
      const history = await readSessionHistory(store, upload.uploadId);
      expect(history.violations).toEqual([]);
      expect(history.terminal.map((e) => e.type)).toEqual(['UploadSessionCanceled']);
      expect(outcomes).toEqual({ '200': RACERS });
    }
    report.push(
      `BlendVision cancel vs cancel: ${ROUNDS} rounds × ${RACERS} racers; winners {"cancel":${ROUNDS}} (one event each); outcomes ${JSON.stringify(totals)}`,
    );
  });
});
