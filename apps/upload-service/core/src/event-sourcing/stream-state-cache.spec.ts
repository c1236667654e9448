import { StreamStateCache } from './stream-state-cache';

const fold = {};
const at = (revision: number) => ({ state: `state@${revision}`, revision, lastEventId: `e${revision}` });

describe('StreamStateCache', () => {
  it('answers what was set for the same fold, and nothing for another fold', () => {
    const cache = new StreamStateCache(10);
    cache.set('s-1', fold, at(3));
    expect(cache.get('s-1', fold)).toEqual(at(3));
    expect(cache.get('s-1', {})).toBeUndefined();
    // A mismatched fold also drops the entry.
    expect(cache.get('s-1', fold)).toBeUndefined();
  });

  it('keeps the newer state when an older one arrives late', () => {
    const cache = new StreamStateCache(10);
    cache.set('s-1', fold, at(5));
    cache.set('s-1', fold, at(4));
    expect(cache.get('s-1', fold)?.revision).toBe(5);
    cache.set('s-1', fold, at(6));
    expect(cache.get('s-1', fold)?.revision).toBe(6);
  });

  it('evicts the least recently used stream once full', () => {
    const cache = new StreamStateCache(2);
    cache.set('a', fold, at(0));
    cache.set('b', fold, at(0));
    cache.get('a', fold); // a is now more recent than b
    cache.set('c', fold, at(0));
    expect(cache.size).toBe(2);
    expect(cache.get('b', fold)).toBeUndefined();
    expect(cache.get('a', fold)).toBeDefined();
    expect(cache.get('c', fold)).toBeDefined();
  });

  it('forgets a deleted stream, and keeps nothing when its size is 0', () => {
    const cache = new StreamStateCache(2);
    cache.set('a', fold, at(0));
    cache.delete('a');
    expect(cache.get('a', fold)).toBeUndefined();
    const off = new StreamStateCache(0);
    off.set('a', fold, at(0));
    expect(off.size).toBe(0);
  });
});
