import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt parameters for new hashes: OWASP's baseline (N=2^17 would be stronger but slows every login). */
const DEFAULT = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 };

const derive = (password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

/** `scrypt$N$r$p$<salt base64>$<hash base64>`: self-describing, so parameters can grow later. */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(DEFAULT.saltLength);
  const key = await derive(password, salt, DEFAULT.keyLength, { N: DEFAULT.N, r: DEFAULT.r, p: DEFAULT.p });
  return `scrypt$${DEFAULT.N}$${DEFAULT.r}$${DEFAULT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
};

interface ParsedHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

const parse = (encoded: string): ParsedHash | undefined => {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !Number.isInteger(r) || r < 1 || !Number.isInteger(p) || p < 1) return undefined;
  if (salt.length === 0 || key.length < 16) return undefined;
  return { N, r, p, salt, key };
};

export const isValidPasswordHash = (encoded: string): boolean => parse(encoded) !== undefined;

/** Constant-time comparison of the derived key; a malformed hash never matches. */
export const verifyPassword = async (password: string, encoded: string): Promise<boolean> => {
  const parsed = parse(encoded);
  if (parsed === undefined) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
  });
  return timingSafeEqual(key, parsed.key);
};
