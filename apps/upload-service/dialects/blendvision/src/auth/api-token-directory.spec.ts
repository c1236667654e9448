import { createHash } from 'node:crypto';
import { apiTokenHash, ApiTokenDirectory, bearerToken, DEVELOPMENT_TOKEN } from './api-token-directory';

describe('ApiTokenDirectory', () => {
  const configured = [
    { name: 'ci', tokenHash: apiTokenHash('secret-ci'), organizationIds: ['acme'] },
    { name: 'ops', tokenHash: apiTokenHash('secret-ops'), organizationIds: ['acme', 'beta'] },
  ];

  it('knows configured tokens by their SHA-256 only, with the organizations each may act for', () => {
    expect(apiTokenHash('secret-ci')).toBe(
      `sha256:${createHash('sha256').update('secret-ci').digest('hex')}`,
    );
    const directory = ApiTokenDirectory.create(configured);
    expect(directory.usesDevelopmentToken).toBe(false);
    expect(directory.authenticate('secret-ops')).toEqual({ name: 'ops', organizationIds: ['acme', 'beta'] });
    expect(directory.authenticate('secret-ci')).toEqual({ name: 'ci', organizationIds: ['acme'] });
    expect(directory.authenticate(configured[0]?.tokenHash ?? '')).toBeUndefined();
    expect(directory.authenticate('secret-ci ')).toBeUndefined();
    expect(directory.authenticate(DEVELOPMENT_TOKEN.token)).toBeUndefined();
  });

  it('accepts the development token only while none is configured', () => {
    const directory = ApiTokenDirectory.create([]);
    expect(directory.usesDevelopmentToken).toBe(true);
    expect(directory.authenticate(DEVELOPMENT_TOKEN.token)).toEqual({
      name: DEVELOPMENT_TOKEN.name,
      organizationIds: DEVELOPMENT_TOKEN.organizationIds,
    });
    expect(directory.authenticate('secret-ci')).toBeUndefined();
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    ['Basic abc', undefined],
    ['abc', undefined],
    [undefined, undefined],
  ])('reads %p as %p', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
