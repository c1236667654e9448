import * as E from 'fp-ts/Either';
import { DownloadUrlSigner } from './download-url-signer';

const FILE = '6c7b5231-d4af-4c75-a170-f92cbd617e77';
const queryOf = (url: string) => {
  const parsed = new URL(url, 'http://x');
  return {
    expires: parsed.searchParams.get('expires') ?? undefined,
    disposition: parsed.searchParams.get('disposition') ?? undefined,
    signature: parsed.searchParams.get('signature') ?? undefined,
  };
};

describe('DownloadUrlSigner', () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const signer = new DownloadUrlSigner(Buffer.from('s'.repeat(32)), () => now);

  it('signs one file with its disposition until a time', () => {
    const url = signer.sign(FILE, 'inline', now + 60_000);
    expect(url).toMatch(
      new RegExp(`^/bv/downloads/${FILE}\\?expires=\\d+&disposition=inline&signature=[0-9a-f]{64}$`),
    );
    const { expires, disposition, signature } = queryOf(url);
    expect(signer.verify(FILE, expires, disposition, signature)).toEqual(E.right('inline'));
    const wrong = E.left({ _tag: 'BadDownloadUrl', reason: 'signature' });
    expect(signer.verify(FILE, expires, 'attachment', signature)).toEqual(wrong);
    expect(signer.verify('7c7b5231-d4af-4c75-a170-f92cbd617e77', expires, disposition, signature)).toEqual(
      wrong,
    );
    expect(signer.verify(FILE, String(Number(expires) + 1), disposition, signature)).toEqual(wrong);
    expect(signer.verify(FILE, expires, 'download', signature)).toEqual(
      E.left({ _tag: 'BadDownloadUrl', reason: 'malformed' }),
    );
  });

  it('refuses an expired link, and one signed with another secret', () => {
    const { expires, disposition, signature } = queryOf(signer.sign(FILE, 'attachment', now + 1000));
    now += 2000;
    expect(signer.verify(FILE, expires, disposition, signature)).toEqual(
      E.left({ _tag: 'BadDownloadUrl', reason: 'expired' }),
    );
    const forged = queryOf(
      new DownloadUrlSigner(Buffer.from('t'.repeat(32)), () => now).sign(FILE, 'inline', now + 1000),
    );
    expect(signer.verify(FILE, forged.expires, forged.disposition, forged.signature)).toEqual(
      E.left({ _tag: 'BadDownloadUrl', reason: 'signature' }),
    );
  });
});
