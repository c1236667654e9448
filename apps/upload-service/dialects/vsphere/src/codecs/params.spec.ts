import { DialectHttpError } from '@upload-sessions/service-core/http/dialect-http-error';
import { idParam, optionalParam } from './params';
import { UpdateSessionKeepAlive } from './vsphere-codecs';

const ID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

/** The status and vAPI body `work` threw. */
const thrown = (work: () => unknown): { status: number; body: unknown } => {
  try {
    work();
  } catch (error) {
    if (error instanceof DialectHttpError) return { status: error.status, body: error.body };
    throw error;
  }
  throw new Error('nothing was thrown');
};

describe('idParam', () => {
  it('accepts an id this service issues', () => {
    expect(idParam(ID, 'library_id')).toBe(ID);
  });

  it('answers anything else with 400 INVALID_ARGUMENT naming the parameter', () => {
    for (const bad of ['nope', ID.toUpperCase(), undefined, 7]) {
      expect(thrown(() => idParam(bad, 'library_id'))).toMatchObject({
        status: 400,
        body: { error_type: 'INVALID_ARGUMENT', messages: [{ args: ['library_id'] }] },
      });
    }
  });
});

describe('optionalParam', () => {
  it('is null when the part is absent, and the decoded value when present', () => {
    expect(optionalParam(UpdateSessionKeepAlive, undefined, 'request body')).toBeNull();
    expect(optionalParam(UpdateSessionKeepAlive, { client_progress: 5 }, 'request body')).toEqual({
      client_progress: 5,
    });
  });

  it('answers a present but invalid part with 400 INVALID_ARGUMENT', () => {
    expect(
      thrown(() => optionalParam(UpdateSessionKeepAlive, { client_progress: 101 }, 'request body')),
    ).toMatchObject({
      status: 400,
      body: { error_type: 'INVALID_ARGUMENT', messages: [{ args: ['client_progress'] }] },
    });
  });
});
