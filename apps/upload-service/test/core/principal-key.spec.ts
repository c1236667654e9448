import type { FastifyRequest } from 'fastify';
import { LoginSessions } from '@upload-sessions/dialect-vsphere/auth/login-sessions';
import {
  ApiTokenDirectory,
  apiTokenHash,
} from '@upload-sessions/dialect-blendvision/auth/api-token-directory';
import { principalKeyOf } from '@upload-sessions/service-core/http/rate-limit/principal-key';
import { VsphereCallerResolver } from '@upload-sessions/dialect-vsphere/auth/vsphere-caller-resolver';
import { BvCallerResolver } from '@upload-sessions/dialect-blendvision/auth/bv-caller-resolver';
import { PART_PATH_PREFIX } from '@upload-sessions/dialect-blendvision/uploads/part-url-signer';
import { UPLOAD_PATH_PREFIX } from '@upload-sessions/dialect-vsphere/upload/upload-uri';

const request = (method: string, url: string, headers: Record<string, string> = {}) =>
  ({ method, url, headers, ip: '192.0.2.7' }) as unknown as FastifyRequest;

describe('principalKeyOf', () => {
  const logins = new LoginSessions(60_000);
  const token = logins.open({ username: 'alice', organizationId: 'acme' });
  const tokens = ApiTokenDirectory.create([
    { name: 'ci', tokenHash: apiTokenHash('secret-ci'), organizationIds: ['acme'] },
  ]);
  // Both dialects' contributions, in the composition root's order.
  const deps = {
    callers: [new VsphereCallerResolver(logins), new BvCallerResolver(tokens)],
    uploadPrefixes: [PART_PATH_PREFIX, UPLOAD_PATH_PREFIX],
  };

  it('counts a live login against its user, an API token against its name', () => {
    expect(principalKeyOf(request('GET', '/api/x', { 'vmware-api-session-id': token }), deps)).toBe(
      'user:acme/alice',
    );
    expect(principalKeyOf(request('GET', '/bv/x', { authorization: 'Bearer secret-ci' }), deps)).toBe(
      'api-token:ci',
    );
  });

  it('counts a presigned upload against its upload, and everything unproven against the address', () => {
    expect(principalKeyOf(request('PUT', '/bv/uploads/u-1/parts/2?signature=x'), deps)).toBe('upload:u-1');
    expect(principalKeyOf(request('PUT', '/cls/data/s-1/f.bin?token=x'), deps)).toBe('upload:s-1');
    expect(principalKeyOf(request('PUT', '/cls/data/%2e%2e/f.bin'), deps)).toBe('address:192.0.2.7');
    expect(principalKeyOf(request('GET', '/api/x', { 'vmware-api-session-id': 'guess' }), deps)).toBe(
      'address:192.0.2.7',
    );
    expect(principalKeyOf(request('GET', '/bv/x', { authorization: 'Bearer guess' }), deps)).toBe(
      'address:192.0.2.7',
    );
    expect(principalKeyOf(request('POST', '/api/session', { authorization: 'Basic eDp5' }), deps)).toBe(
      'address:192.0.2.7',
    );
  });
});
