import * as E from 'fp-ts/Either';
import { InMemoryEventStore } from '@upload-sessions/event-store';
import { digestOf, LoginSessions } from './login-sessions';
import { hashPassword, isValidPasswordHash, verifyPassword } from './password-hash';
import { UploadUrlSigner } from './upload-url-signer';
import { DEFAULT_USER, UserDirectory } from './user-directory';

describe('password hashes', () => {
  it('verifies the password it was made from and nothing else', async () => {
    const hash = await hashPassword('s3cret!');
    expect(isValidPasswordHash(hash)).toBe(true);
    expect(await verifyPassword('s3cret!', hash)).toBe(true);
    expect(await verifyPassword('s3cret', hash)).toBe(false);
    expect(await verifyPassword('s3cret!', 'scrypt$3$8$1$AA==$AA==')).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toEqual(await hashPassword('same'));
  });
});

describe('UserDirectory', () => {
  it('knows only the default user while none are configured', async () => {
    const directory = await UserDirectory.create([]);
    expect(directory.usesDefaultUser).toBe(true);
    expect(await directory.authenticate(DEFAULT_USER.username, DEFAULT_USER.password)).toEqual({
      username: DEFAULT_USER.username,
      organizationId: DEFAULT_USER.organizationId,
    });
    expect(await directory.authenticate(DEFAULT_USER.username, 'wrong')).toBeUndefined();
  });

  it('drops the default user once users are configured', async () => {
    const alice = { username: 'alice', passwordHash: await hashPassword('pw'), organizationId: 'acme' };
    const directory = await UserDirectory.create([alice]);
    expect(directory.usesDefaultUser).toBe(false);
    expect(await directory.authenticate('alice', 'pw')).toEqual({
      username: 'alice',
      organizationId: 'acme',
    });
    expect(await directory.authenticate(DEFAULT_USER.username, DEFAULT_USER.password)).toBeUndefined();
    expect(await directory.authenticate('bob', 'pw')).toBeUndefined();
  });
});

const openToken = async (sessions: LoginSessions, principal = { username: 'u', organizationId: 'o' }) => {
  const token = await sessions.open(principal);
  if (E.isLeft(token)) throw new Error(token.left.message);
  return token.right;
};

describe('LoginSessions', () => {
  const principal = { username: 'u', organizationId: 'o' };

  it('resolves a token until it is closed or idle for too long', async () => {
    let now = 0;
    const sessions = new LoginSessions(new InMemoryEventStore(), { idleTimeoutMs: 10_000, now: () => now });
    const token = await openToken(sessions);
    now = 9_000;
    expect(await sessions.resolve(token)).toEqual(principal);
    now = 18_000; // 9 s after the last use: still alive
    expect(await sessions.resolve(token)).toEqual(principal);
    now = 28_000; // a recorded sighting may lag the last use by one interval (1 s): the bound is 10–11 s
    expect(sessions.peek(token)).toEqual(principal);
    now = 29_001;
    expect(await sessions.resolve(token)).toBeUndefined();
    const other = await openToken(sessions);
    expect(await sessions.close(other)).toEqual(E.right(true));
    expect(await sessions.resolve(other)).toBeUndefined();
    expect(await sessions.close('never-issued')).toEqual(E.right(false));
  });

  it('is honoured by another instance over the same store, and a logout there within the staleness bound', async () => {
    let now = 0;
    const store = new InMemoryEventStore();
    const a = new LoginSessions(store, { idleTimeoutMs: 60_000, now: () => now });
    const b = new LoginSessions(store, { idleTimeoutMs: 60_000, now: () => now });
    const token = await openToken(a);
    expect(await b.resolve(token)).toEqual(principal);
    expect(b.peek(token)).toEqual(principal);
    expect(await b.close(token)).toEqual(E.right(true));
    expect(await a.resolve(token)).toEqual(principal); // a's view is younger than the 1 s bound
    now = 1_001;
    expect(await a.resolve(token)).toBeUndefined();
  });

  it('survives a restart: a new instance over the same store knows the token', async () => {
    const store = new InMemoryEventStore();
    const token = await openToken(new LoginSessions(store, { idleTimeoutMs: 60_000 }));
    expect(await new LoginSessions(store, { idleTimeoutMs: 60_000 }).resolve(token)).toEqual(principal);
  });

  it('records use at most once per interval, so an instance that saw none keeps the session alive', async () => {
    let now = 0;
    const store = new InMemoryEventStore();
    const a = new LoginSessions(store, { idleTimeoutMs: 10_000, now: () => now });
    const b = new LoginSessions(store, { idleTimeoutMs: 10_000, now: () => now });
    expect(a.recordIntervalMs).toBe(1_000);
    const token = await openToken(a);
    for (now = 100; now <= 20_000; now += 100) expect(await a.resolve(token)).toEqual(principal);
    await new Promise((resolve) => setImmediate(resolve));
    const read = await store.readAll();
    const seen = E.isRight(read) ? read.right.events.filter((e) => e.type === 'VsphereLoginSeen') : [];
    // 20 s of use every 100 ms: about one sighting a second, not 200.
    expect(seen.length).toBeGreaterThanOrEqual(15);
    expect(seen.length).toBeLessThanOrEqual(21);
    now = 29_000; // 9 s after a's last use: b, which never saw it, still honours it
    expect(await b.resolve(token)).toEqual(principal);
    now = 60_000;
    expect(await b.resolve(token)).toBeUndefined();
    expect(await a.resolve(token)).toBeUndefined();
  });
});

describe('LoginSessions at rest', () => {
  it('stores no token, only digests of them, with versioned events', async () => {
    const store = new InMemoryEventStore();
    const sessions = new LoginSessions(store, { idleTimeoutMs: 60_000 });
    const token = await openToken(sessions);
    const read = await store.readAll();
    const events = E.isRight(read) ? read.right.events : [];
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(token);
    expect(events[0]?.streamName).toBe(`vsphere-login-${digestOf(token)}`);
    expect(events[0]?.metadata).toMatchObject({ schemaVersion: 1, actor: { id: 'u', kind: 'user' } });
    expect(await sessions.resolve(digestOf(token))).toBeUndefined();
  });
});

describe('UploadUrlSigner', () => {
  const principal = { username: 'u', organizationId: 'o' };

  it('grants exactly the file it was signed for, until it expires', () => {
    let now = 1_000;
    const signer = new UploadUrlSigner(Buffer.alloc(32, 1), 60_000, () => now);
    const token = signer.sign('s1', 'disk.vmdk', principal);
    expect(signer.verify(token, 's1', 'disk.vmdk')).toEqual(
      E.right({ sessionId: 's1', fileName: 'disk.vmdk', principal, expiresAtMs: 61_000 }),
    );
    expect(signer.verify(token, 's1', 'other.vmdk')).toEqual(
      E.left({ _tag: 'BadUploadToken', reason: 'scope' }),
    );
    now = 61_001;
    expect(signer.verify(token, 's1', 'disk.vmdk')).toEqual(
      E.left({ _tag: 'BadUploadToken', reason: 'expired' }),
    );
  });

  it('refuses tampered or foreign tokens', () => {
    const signer = new UploadUrlSigner(Buffer.alloc(32, 1), 60_000);
    const token = signer.sign('s1', 'f', principal);
    const [payload, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(
      JSON.stringify({ s: 's1', f: 'f', u: 'u', o: 'other', e: Date.now() + 1e6 }),
    ).toString('base64url');
    expect(signer.verify(`${forged}.${mac}`, 's1', 'f')).toEqual(
      E.left({ _tag: 'BadUploadToken', reason: 'signature' }),
    );
    expect(new UploadUrlSigner(Buffer.alloc(32, 2), 60_000).verify(token, 's1', 'f')).toEqual(
      E.left({ _tag: 'BadUploadToken', reason: 'signature' }),
    );
    expect(signer.verify(payload, 's1', 'f')).toEqual(
      E.left({ _tag: 'BadUploadToken', reason: 'malformed' }),
    );
  });
});
