import { contentDisposition } from './download-route';

describe('contentDisposition', () => {
  it('names the file as is when it is plain ASCII', () => {
    expect(contentDisposition('attachment', 'bbb.mp4')).toBe(
      `attachment; filename="bbb.mp4"; filename*=UTF-8''bbb.mp4`,
    );
  });

  it('gives other names an ASCII fallback and their exact UTF-8 form (RFC 6266)', () => {
    expect(contentDisposition('inline', 'café "final" 100%.mp4')).toBe(
      `inline; filename="caf_ _final_ 100_.mp4"; filename*=UTF-8''caf%C3%A9%20%22final%22%20100%25.mp4`,
    );
    expect(contentDisposition('attachment', "it's (1).mp4")).toBe(
      `attachment; filename="it's (1).mp4"; filename*=UTF-8''it%27s%20%281%29.mp4`,
    );
  });
});
