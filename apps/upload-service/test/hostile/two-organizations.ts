import { randomBytes, randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { apiTokenHash } from '@upload-sessions/dialect-blendvision/auth/api-token-directory';
import { BvClient } from '../blendvision/bv-client';
import { startUpload, putAllParts } from '../blendvision/bv-flow';
import { BvSpec } from '../blendvision/bv-spec';
import { addFile, createItem, createLibrary, createSession } from '../fixtures';
import { VsphereClient } from '../http-client';
import { startService, type RunningService } from '../service-harness';
import { VendorSpec } from '../vendor-spec';

/** What organization A owns when a hostile test starts: one of everything, in both dialects. */
export interface OwnedByA {
  readonly libraryId: string;
  readonly itemId: string;
  /** An ACTIVE vSphere session with one file `f.bin` declared (nothing received). */
  readonly sessionId: string;
  readonly fileName: string;
  readonly uploadUri: string;
  /** A BlendVision upload in progress (two parts of 1 KiB, the first one received). */
  readonly bvFileId: string;
  readonly bvUploadId: string;
  readonly partUrls: readonly string[];
  readonly partEtag: string;
}

export interface TwoOrganizations {
  readonly service: RunningService;
  readonly store: EventStore;
  readonly orgA: string;
  readonly orgB: string;
  /** Logged-in vSphere clients: alice of A, bob of B. */
  readonly alice: VsphereClient;
  readonly bob: VsphereClient;
  /** BlendVision API tokens: `tokenA` may act for A only, `tokenB` for B only. */
  readonly tokenA: string;
  readonly tokenB: string;
  readonly bvA: BvClient;
  readonly bvB: BvClient;
  readonly passwords: readonly string[];
  readonly secret: string;
  readonly owned: OwnedByA;
  /** The head of the global log: equal before and after a request that must change nothing. */
  head(): Promise<string>;
}

export const PART_SIZE = 1024;

/**
 * The real service with two organizations, each with a vSphere user and a BlendVision API token,
 * and organization A's resources in both dialects: the stage for tests of hostile callers.
 */
export const startTwoOrganizations = async (env: Record<string, string> = {}): Promise<TwoOrganizations> => {
  const run = randomUUID().slice(0, 8);
  const orgA = `org-a-${run}`;
  const orgB = `org-b-${run}`;
  const users = {
    alice: { username: `alice-${run}`, password: `pw-a-${randomUUID()}`, organizationId: orgA },
    bob: { username: `bob-${run}`, password: `pw-b-${randomUUID()}`, organizationId: orgB },
  };
  const tokenA = `tok-a-${randomUUID()}`;
  const tokenB = `tok-b-${randomUUID()}`;
  const secret = `secret-${randomUUID()}-${randomUUID()}`;
  const service = await startService({
    users,
    env: {
      UPLOAD_URL_SECRET: secret,
      BV_PART_SIZE_BYTES: String(PART_SIZE),
      BV_API_TOKENS: JSON.stringify([
        { name: `token-a-${run}`, tokenHash: apiTokenHash(tokenA), organizationIds: [orgA] },
        { name: `token-b-${run}`, tokenHash: apiTokenHash(tokenB), organizationIds: [orgB] },
      ]),
      ...env,
    },
  });
  const vendorSpec = VendorSpec.load();
  const bvSpec = BvSpec.load();
  const alice = new VsphereClient(service.baseUrl, vendorSpec);
  const bob = new VsphereClient(service.baseUrl, vendorSpec);
  expect((await alice.login(users.alice.username, users.alice.password)).status).toBe(201);
  expect((await bob.login(users.bob.username, users.bob.password)).status).toBe(201);
  const bvA = new BvClient(service.baseUrl, bvSpec, tokenA, orgA);
  const bvB = new BvClient(service.baseUrl, bvSpec, tokenB, orgB);

  const libraryId = await createLibrary(alice);
  const itemId = await createItem(alice, libraryId);
  const sessionId = await createSession(alice, itemId);
  const file = await addFile(alice, sessionId, { name: 'f.bin', size: 16 });
  const data = randomBytes(2 * PART_SIZE);
  const upload = await startUpload(bvA, data.length);
  const [first] = await putAllParts(bvA, { ...upload, parts: upload.parts.slice(0, 1) }, data, PART_SIZE);

  const store = service.app.get<EventStore>(EVENT_STORE);
  return {
    service,
    store,
    orgA,
    orgB,
    alice,
    bob,
    tokenA,
    tokenB,
    bvA,
    bvB,
    passwords: [users.alice.password, users.bob.password],
    secret,
    owned: {
      libraryId,
      itemId,
      sessionId,
      fileName: 'f.bin',
      uploadUri: file.upload_endpoint!.uri,
      bvFileId: upload.file.id,
      bvUploadId: upload.uploadId,
      partUrls: upload.parts.map((p) => p.presigned_url),
      partEtag: first!.etag,
    },
    head: async () => {
      const head = await store.headPosition();
      if (E.isLeft(head)) throw new Error(`head: ${head.left.message}`);
      return String(head.right);
    },
  };
};
