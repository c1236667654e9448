import * as E from 'fp-ts/Either';
import { LoginSessions } from './login-sessions';
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

describe('LoginSessions', () => {
  it('resolves a token until it is closed or idle for too long', () => {
    let now = 0;
    const sessions = new LoginSessions(1000, () => now);
    const principal = { username: 'u', organizationId: 'o' };
    const token = sessions.open(principal);
    now = 900;
    expect(sessions.resolve(token)).toEqual(principal);
    now = 1800; // 900 ms after the last use: still alive
    expect(sessions.resolve(token)).toEqual(principal);
    now = 2801;
    expect(sessions.resolve(token)).toBeUndefined();
    const other = sessions.open(principal);
    expect(sessions.close(other)).toBe(true);
    expect(sessions.resolve(other)).toBeUndefined();
  });
});

describe('LoginSessions at rest', () => {
  it('keeps no token in memory, only digests of them', () => {
    const sessions = new LoginSessions(60_000);
    const token = sessions.open({ username: 'u', organizationId: 'o' });
    const keys = [...(sessions as unknown as { sessions: Map<string, unknown> }).sessions.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain(token);
    expect(sessions.resolve(token)).toEqual({ username: 'u', organizationId: 'o' });
    expect(sessions.resolve(keys[0] ?? '')).toBeUndefined();
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
