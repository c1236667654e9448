import { foldEvents } from './decider';
import { evolve } from './evolve';
import { initialState } from './upload-session-state';
import { at, DISK, ev, history } from './test-support/fixtures';

describe('evolve', () => {
  it('ignores events that cannot apply, instead of throwing', () => {
    expect(evolve(initialState, ev.fileAdded('a'))).toBe(initialState);
    expect(evolve(initialState, ev.deleted())).toBe(initialState);
    const active = foldEvents(history.ACTIVE);
    expect(evolve(active, ev.started({ sessionId: 'other' }))).toBe(active);
    expect(evolve(active, ev.deleted())).toBe(active);
    expect(evolve(active, ev.fileAdded(DISK))).toBe(active);
    const done = foldEvents(history.DONE);
    expect(evolve(done, ev.canceled([]))).toBe(done);
    const deleted = foldEvents(history.DELETED);
    expect(evolve(deleted, ev.deleted(at(999)))).toBe(deleted);
  });

  it('never changes the state it is given', () => {
    const before = foldEvents(history.ACTIVE);
    const copy = JSON.parse(JSON.stringify(before));
    evolve(before, ev.contentReceived(DISK, { size: 1 }));
    evolve(before, ev.canceled([DISK]));
    expect(before).toEqual(copy);
  });

  it('keeps the largest reported progress', () => {
    const state = foldEvents([...history.ACTIVE, ev.keptAlive(30), ev.keptAlive(null, at(700), at(70))]);
    expect(state).toMatchObject({ clientProgress: 30, expiresAt: at(700) });
  });

  it('keeps what a deleted session was, for audits', () => {
    expect(foldEvents(history.DELETED)).toMatchObject({
      status: 'DELETED',
      statusBeforeDelete: 'DONE',
      completedFiles: [{ name: DISK }],
      endedAt: at(40),
      deletedAt: at(900),
    });
  });

  it('is JSON-friendly: a state survives a JSON round trip unchanged', () => {
    for (const events of Object.values(history)) {
      const state = foldEvents(events);
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    }
  });
});
