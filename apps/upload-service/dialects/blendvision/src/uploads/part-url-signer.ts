import { createHmac, timingSafeEqual } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type { BvError } from '../errors/bv-error';

export const PART_PATH_PREFIX = '/bv/uploads';

type BadPartUrl = Extract<BvError, { _tag: 'BadPartUrl' }>;
const bad = (reason: BadPartUrl['reason']): BadPartUrl => ({ _tag: 'BadPartUrl', reason });

const SIGNATURE = /^[0-9a-f]{64}$/;
const EXPIRES = /^[0-9]{1,15}$/;

/**
 * Presigned part URLs: `PUT /bv/uploads/{upload}/parts/{n}?expires=<unix s>&signature=<hex>`, where the
 * signature is HMAC-SHA256 over (upload id, part number, expiry) with the service's secret. The URL
 * alone authorises the PUT of that one part until it expires, as S3's presigned URLs do.
 */
export class PartUrlSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** The path and query of part `partNumber`'s URL, valid until `expiresAtMs` (rounded down to seconds). */
  sign(uploadId: string, partNumber: number, expiresAtMs: number): string {
    const expires = Math.floor(expiresAtMs / 1000);
    const signature = this.mac(uploadId, partNumber, expires);
    return `${PART_PATH_PREFIX}/${uploadId}/parts/${partNumber}?expires=${expires}&signature=${signature}`;
  }

  verify(
    uploadId: string,
    partNumber: number,
    expires: unknown,
    signature: unknown,
  ): E.Either<BadPartUrl, void> {
    if (typeof expires !== 'string' || !EXPIRES.test(expires)) return E.left(bad('malformed'));
    if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return E.left(bad('malformed'));
    const expected = Buffer.from(this.mac(uploadId, partNumber, Number(expires)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return E.left(bad('signature'));
    // Checked after the signature, so an expiry can only be trusted once it is known to be ours.
    if (Number(expires) * 1000 < this.now()) return E.left(bad('expired'));
    return E.right(undefined);
  }

  private mac(uploadId: string, partNumber: number, expires: number): string {
    return createHmac('sha256', this.secret)
      .update(`bv-part\n${uploadId}\n${partNumber}\n${expires}`, 'utf8')
      .digest('hex');
  }
}
