import { createHmac, timingSafeEqual } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type { BvError } from '../errors/bv-error';

export const DOWNLOAD_PATH_PREFIX = '/bv/downloads';

/** `cms.v1` content dispositions, as they go in the URL. */
export type Disposition = 'attachment' | 'inline';

type BadDownloadUrl = Extract<BvError, { _tag: 'BadDownloadUrl' }>;
const bad = (reason: BadDownloadUrl['reason']): BadDownloadUrl => ({ _tag: 'BadDownloadUrl', reason });

const SIGNATURE = /^[0-9a-f]{64}$/;
const EXPIRES = /^[0-9]{1,15}$/;

/**
 * Download links: `GET /bv/downloads/{file}?expires=<unix s>&disposition=<attachment|inline>&signature=<hex>`,
 * the signature HMAC-SHA256 over (file id, disposition, expiry) with the secret of the part URLs (a
 * distinct prefix keeps one kind of URL from passing for the other). The link alone authorises reading
 * the file until it expires, as S3's presigned GetObject URLs do.
 */
export class DownloadUrlSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** The path and query of the file's download link, valid until `expiresAtMs` (rounded down to seconds). */
  sign(fileId: string, disposition: Disposition, expiresAtMs: number): string {
    const expires = Math.floor(expiresAtMs / 1000);
    const signature = this.mac(fileId, disposition, expires);
    return `${DOWNLOAD_PATH_PREFIX}/${fileId}?expires=${expires}&disposition=${disposition}&signature=${signature}`;
  }

  /** The disposition the link was signed for, once its signature and expiry are checked. */
  verify(
    fileId: string,
    expires: unknown,
    disposition: unknown,
    signature: unknown,
  ): E.Either<BadDownloadUrl, Disposition> {
    if (typeof expires !== 'string' || !EXPIRES.test(expires)) return E.left(bad('malformed'));
    if (disposition !== 'attachment' && disposition !== 'inline') return E.left(bad('malformed'));
    if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return E.left(bad('malformed'));
    const expected = Buffer.from(this.mac(fileId, disposition, Number(expires)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return E.left(bad('signature'));
    // Checked after the signature, so an expiry can only be trusted once it is known to be ours.
    if (Number(expires) * 1000 < this.now()) return E.left(bad('expired'));
    return E.right(disposition);
  }

  private mac(fileId: string, disposition: Disposition, expires: number): string {
    return createHmac('sha256', this.secret)
      .update(`bv-download\n${fileId}\n${disposition}\n${expires}`, 'utf8')
      .digest('hex');
  }
}
