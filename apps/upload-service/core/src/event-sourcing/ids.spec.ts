import { isResourceId } from '../content/safe-names';
import { idForClientToken } from './ids';

describe('idForClientToken', () => {
  it('is a stable UUID per organization, kind and token', () => {
    const id = idForClientToken('update-session', 'acme', 'b8a2a2e3-2314-43cd-a871-6ede0f429751');
    expect(isResourceId(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect(idForClientToken('update-session', 'acme', 'b8a2a2e3-2314-43cd-a871-6ede0f429751')).toBe(id);
    expect(idForClientToken('update-session', 'other', 'b8a2a2e3-2314-43cd-a871-6ede0f429751')).not.toBe(id);
    expect(idForClientToken('library-item', 'acme', 'b8a2a2e3-2314-43cd-a871-6ede0f429751')).not.toBe(id);
  });
});
