import * as E from 'fp-ts/Either';
import { loadConfig as loadSlices } from '@upload-sessions/service-core/config/load-config';
import { blendvisionConfig } from './blendvision-config';

const loadConfig = (env: NodeJS.ProcessEnv, cwd?: string) => loadSlices([blendvisionConfig], env, cwd);

const hash = `sha256:${'ab'.repeat(32)}`;

describe('BlendVision configuration', () => {
  it('defaults to no API tokens (the development token), 100 MiB part URLs, S3 part limits (5 MiB-5 GiB), 6 hour uploads and day-long download links', () => {
    const config = loadConfig({}, '/srv/app');
    expect(
      E.isRight(config) && [
        config.right.blendvision.apiTokens,
        config.right.blendvision.partSizeBytes,
        config.right.blendvision.uploadTtlSeconds,
        config.right.blendvision.minPartSizeBytes,
        config.right.blendvision.maxPartSizeBytes,
        config.right.blendvision.downloadUrlTtlSeconds,
      ],
    ).toEqual([[], 100 * 1024 * 1024, 6 * 3600, 5 * 1024 * 1024, 5 * 1024 ** 3, 24 * 3600]);
  });

  it('reads API tokens as hashes with their organizations', () => {
    const tokens = [
      { name: 'ci', tokenHash: hash.toUpperCase().replace('SHA256', 'sha256'), organizationIds: ['acme'] },
    ];
    const config = loadConfig({ BV_API_TOKENS: JSON.stringify(tokens), BV_PART_SIZE_BYTES: '1048576' });
    expect(
      E.isRight(config) && [config.right.blendvision.apiTokens, config.right.blendvision.partSizeBytes],
    ).toEqual([[{ name: 'ci', tokenHash: hash, organizationIds: ['acme'] }], 1048576]);
  });

  it('keeps the minimum part size at most half the part size, so parts sliced by the part count complete', () => {
    const small = loadConfig({ BV_PART_SIZE_BYTES: '1048576' });
    expect(E.isRight(small) && small.right.blendvision.minPartSizeBytes).toBe(524288);
    const tooBig = loadConfig({ BV_PART_SIZE_BYTES: '1048576', BV_MIN_PART_SIZE_BYTES: '524289' });
    expect(E.isLeft(tooBig) && tooBig.left).toEqual([
      'BV_MIN_PART_SIZE_BYTES: must be at most half of BV_PART_SIZE_BYTES (1048576), got 524289',
    ]);
  });

  it.each([
    ['BV_API_TOKENS', '[{"name":"ci","tokenHash":"plain-token","organizationIds":["acme"]}]'],
    ['BV_API_TOKENS', `[{"name":"ci","tokenHash":"${hash}"}]`],
    ['BV_API_TOKENS', 'not json'],
    ['BV_API_TOKENS', `[{"name":"ci","tokenHash":"${hash}","organizationIds":["@acme"]}]`],
    ['BV_PART_SIZE_BYTES', '10'],
    ['BV_MIN_PART_SIZE_BYTES', '0'],
    ['BV_MAX_PART_SIZE_BYTES', String(64 * 1024 * 1024)],
    ['BV_DOWNLOAD_URL_TTL_SECONDS', '0'],
    ['BV_UPLOAD_TTL_SECONDS', 'soon'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    const config = loadConfig({ [name]: value });
    expect(E.isLeft(config) && config.left.every((line) => line.startsWith(name))).toBe(true);
  });
});
