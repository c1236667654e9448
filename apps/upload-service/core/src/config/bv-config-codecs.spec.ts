import * as E from 'fp-ts/Either';
import { loadConfig } from './load-config';

const hash = `sha256:${'ab'.repeat(32)}`;

describe('BlendVision configuration', () => {
  it('defaults to no API tokens (the development token), 8 MiB parts and 6 hour uploads', () => {
    const config = loadConfig({}, '/srv/app');
    expect(
      E.isRight(config) && [
        config.right.bvApiTokens,
        config.right.bvPartSizeBytes,
        config.right.bvUploadTtlSeconds,
      ],
    ).toEqual([[], 8 * 1024 * 1024, 6 * 3600]);
  });

  it('reads API tokens as hashes with their organizations', () => {
    const tokens = [
      { name: 'ci', tokenHash: hash.toUpperCase().replace('SHA256', 'sha256'), organizationIds: ['acme'] },
    ];
    const config = loadConfig({ BV_API_TOKENS: JSON.stringify(tokens), BV_PART_SIZE_BYTES: '1048576' });
    expect(E.isRight(config) && [config.right.bvApiTokens, config.right.bvPartSizeBytes]).toEqual([
      [{ name: 'ci', tokenHash: hash, organizationIds: ['acme'] }],
      1048576,
    ]);
  });

  it.each([
    ['BV_API_TOKENS', '[{"name":"ci","tokenHash":"plain-token","organizationIds":["acme"]}]'],
    ['BV_API_TOKENS', `[{"name":"ci","tokenHash":"${hash}"}]`],
    ['BV_API_TOKENS', 'not json'],
    ['BV_API_TOKENS', `[{"name":"ci","tokenHash":"${hash}","organizationIds":["@acme"]}]`],
    ['BV_PART_SIZE_BYTES', '10'],
    ['BV_UPLOAD_TTL_SECONDS', 'soon'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    const config = loadConfig({ [name]: value });
    expect(E.isLeft(config) && config.left.every((line) => line.startsWith(name))).toBe(true);
  });
});
