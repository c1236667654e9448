import { isResourceId } from '../content/safe-names';
import { idForClientToken, newId } from './ids';

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

describe('newId', () => {
  it('is a UUID v7 resource id, unique per call', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(ids.every(isResourceId)).toBe(true);
    expect(ids.every((id) => id[14] === '7')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts ids made in a later millisecond after earlier ones (index locality)', async () => {
    const first = newId();
    await new Promise((resolve) => setTimeout(resolve, 3));
    const second = newId();
    expect(second > first).toBe(true);
    expect(second.slice(0, 8) >= first.slice(0, 8)).toBe(true);
  });
});
