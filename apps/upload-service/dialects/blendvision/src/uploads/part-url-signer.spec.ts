import * as E from 'fp-ts/Either';
import { PartUrlSigner } from './part-url-signer';

const UPLOAD = '6c7b5231-d4af-4c75-a170-f92cbd617e77';
const queryOf = (url: string) => {
  const parsed = new URL(url, 'http://x');
  return {
    expires: parsed.searchParams.get('expires') ?? undefined,
    signature: parsed.searchParams.get('signature') ?? undefined,
  };
};

describe('PartUrlSigner', () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const signer = new PartUrlSigner(Buffer.from('s'.repeat(32)), () => now);

  it('signs one part of one upload until a time', () => {
    const url = signer.sign(UPLOAD, 3, now + 60_000);
    expect(url).toMatch(new RegExp(`^/bv/uploads/${UPLOAD}/parts/3\\?expires=\\d+&signature=[0-9a-f]{64}$`));
    const { expires, signature } = queryOf(url);
    expect(signer.verify(UPLOAD, 3, expires, signature)).toEqual(E.right(undefined));
    expect(signer.verify(UPLOAD, 4, expires, signature)).toEqual(
      E.left({ _tag: 'BadPartUrl', reason: 'signature' }),
    );
    expect(signer.verify('7c7b5231-d4af-4c75-a170-f92cbd617e77', 3, expires, signature)).toEqual(
      E.left({ _tag: 'BadPartUrl', reason: 'signature' }),
    );
    expect(signer.verify(UPLOAD, 3, String(Number(expires) + 1), signature)).toEqual(
      E.left({ _tag: 'BadPartUrl', reason: 'signature' }),
    );
  });

  it('refuses an expired URL, and one signed with another secret', () => {
    const { expires, signature } = queryOf(signer.sign(UPLOAD, 1, now + 1000));
    now += 2000;
    expect(signer.verify(UPLOAD, 1, expires, signature)).toEqual(
      E.left({ _tag: 'BadPartUrl', reason: 'expired' }),
    );
    const other = new PartUrlSigner(Buffer.from('t'.repeat(32)), () => now);
    const forged = queryOf(other.sign(UPLOAD, 1, now + 1000));
    expect(signer.verify(UPLOAD, 1, forged.expires, forged.signature)).toEqual(
      E.left({ _tag: 'BadPartUrl', reason: 'signature' }),
    );
  });

  it.each([
    [undefined, 'a'.repeat(64)],
    ['123', undefined],
    ['soon', 'a'.repeat(64)],
    ['123', 'A'.repeat(64)],
    ['123', 'a'.repeat(63)],
    [['1', '2'], 'a'.repeat(64)],
  ])('calls expires=%p signature=%p malformed', (expires, signature) => {
    expect(signer.verify(UPLOAD, 1, expires, signature)).toEqual(
      E.left({ _tag: 'BadPartUrl', reason: 'malformed' }),
    );
  });
});
