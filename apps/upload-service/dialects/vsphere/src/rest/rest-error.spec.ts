import { DialectHttpError } from '@upload-sessions/service-core/http/dialect-http-error';
import { notFound, vapiError } from '../errors/vapi-error';
import { vapiHttpError } from '../errors/vapi-error-renderer';
import { restErrorRenderer, toRestHttpError } from './rest-error';
import { restAction, restId } from './rest-params';

const ID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

describe('the /rest error shape', () => {
  it('re-shapes a vAPI error: the kind as a std error type, the messages under value, the status kept', () => {
    const rendered = toRestHttpError(vapiHttpError(vapiError('RESOURCE_BUSY', 'x.busy', 'busy', ['a'])));
    expect([rendered.status, rendered.body]).toEqual([
      500,
      {
        type: 'com.vmware.vapi.std.errors.resource_busy',
        value: { messages: [{ id: 'x.busy', default_message: 'busy', args: ['a'] }] },
      },
    ]);
  });

  it('leaves bodies that are not vAPI errors alone', () => {
    const other = new DialectHttpError(503, { error: 'x' }, { 'retry-after': '1' });
    expect(toRestHttpError(other)).toBe(other);
  });

  it('renders framework errors on /rest URLs only', () => {
    expect(restErrorRenderer.matches('/rest/com/vmware/cis/session')).toBe(true);
    expect(restErrorRenderer.matches('/restore')).toBe(false);
    expect(restErrorRenderer.matches('/api/session')).toBe(false);
    expect(restErrorRenderer.render(404, 'nope').body).toMatchObject({
      type: 'com.vmware.vapi.std.errors.not_found',
    });
    expect(restErrorRenderer.render(400, 'bad json')).toMatchObject({
      status: 400,
      body: { type: 'com.vmware.vapi.std.errors.invalid_argument' },
    });
  });
});

describe('/rest parameters', () => {
  it('reads id: segments; no prefix is 404, a bad id 400', () => {
    expect(restId(`id:${ID}`, 'library_id')).toBe(ID);
    expect(() => restId(ID, 'library_id')).toThrow(
      expect.objectContaining({ status: 404, body: notFound('The requested resource does not exist.').body }),
    );
    expect(() => restId('id:nope', 'library_id')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('reads ~action among the allowed ones', () => {
    expect(restAction('cancel', ['cancel', 'complete'])).toBe('cancel');
    expect(restAction(undefined, ['find'], true)).toBeUndefined();
    expect(() => restAction(undefined, ['find'])).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => restAction(['cancel', 'cancel'], ['cancel'])).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});
