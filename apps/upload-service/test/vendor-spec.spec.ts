import { VendorSpec } from './vendor-spec';

// The checker must be able to fail: these bodies are wrong on purpose.
describe('VendorSpec', () => {
  const spec = VendorSpec.load();
  const sessionUrl = '/api/content/library/item/update-session/3f2b8c1e-6a4d-4f1b-9c2e-1a2b3c4d5e6f';

  it('matches request URLs to the spec path templates, statics and actions first', () => {
    expect(spec.matchPath('/api/content/library/item/update-session')).toBe(
      '/api/content/library/item/update-session',
    );
    expect(spec.matchPath(`${sessionUrl}?action=cancel`)).toBe(
      '/api/content/library/item/update-session/{update_session_id}?action=cancel',
    );
    expect(spec.matchPath(`${sessionUrl}/file?action=validate`)).toBe(
      '/api/content/library/item/update-session/{update_session_id}/file?action=validate',
    );
    expect(spec.matchPath('/api/content/library/item/abc')).toBe(
      '/api/content/library/item/{library_item_id}',
    );
    expect(spec.matchPath('/api/session')).toBe('/api/session');
    expect(spec.matchPath('/api/nothing-here')).toBeUndefined();
  });

  it('accepts a valid session model and rejects a wrong one', () => {
    const good = {
      id: 'x',
      library_item_id: 'y',
      state: 'ACTIVE',
      expiration_time: '2026-01-01T00:00:00.000Z',
    };
    expect(spec.check('GET', sessionUrl, 200, good).errors).toEqual([]);
    expect(spec.check('GET', sessionUrl, 200, { ...good, state: 'RUNNING' }).errors).not.toEqual([]);
    expect(spec.check('GET', sessionUrl, 200, { ...good, client_progress: 'ten' }).errors).not.toEqual([]);
    expect(spec.check('GET', sessionUrl, 200, { ...good, expiration_time: 'soon' }).errors).not.toEqual([]);
  });

  it('checks error bodies, declared or not', () => {
    const message = { id: 'm', default_message: 'd', args: [] };
    expect(
      spec.check('POST', `${sessionUrl}?action=cancel`, 404, {
        error_type: 'NOT_FOUND',
        messages: [message],
      }),
    ).toEqual({
      operation: 'POST /api/content/library/item/update-session/{update_session_id}?action=cancel',
      declared: true,
      errors: [],
    });
    expect(
      spec.check('POST', `${sessionUrl}?action=cancel`, 404, {
        error_type: 'NOT_FOUND',
        messages: [{ id: 'm' }],
      }).errors,
    ).not.toEqual([]);
    expect(spec.check('POST', `${sessionUrl}?action=cancel`, 204, undefined).errors).toEqual([]);
    expect(spec.check('POST', `${sessionUrl}?action=cancel`, 204, {}).errors).not.toEqual([]);
    const unauthenticated = spec.check('GET', '/api/session', 401, {
      error_type: 'UNAUTHENTICATED',
      messages: [message],
    });
    expect(unauthenticated).toEqual({ operation: undefined, declared: false, errors: [] });
    expect(spec.check('GET', '/api/session', 401, { error_type: 'NOPE', messages: [] }).errors).not.toEqual(
      [],
    );
  });
});
