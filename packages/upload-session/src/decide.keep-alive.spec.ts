import { uploadSessionDecider } from './decider';
import { DeciderSpecification } from './testing/decider-specification';
import { at, cmd, ev, history } from './test-support/fixtures';

const spec = DeciderSpecification.for(uploadSessionDecider);

describe('KeepAliveUploadSession', () => {
  it('extends the expiry and records progress', () => {
    const { state } = spec
      .given(history.ACTIVE)
      .when(cmd.keepAlive(40))
      .then([ev.keptAlive(40)]);
    expect(state).toMatchObject({ expiresAt: at(600), clientProgress: 40, updatedAt: at(60) });
  });

  it('keeps the progress when none is reported', () => {
    const { state } = spec
      .given([...history.ACTIVE, ev.keptAlive(40)])
      .when(cmd.keepAlive(null, { now: at(70), expiresAt: at(700) }))
      .then([ev.keptAlive(null, at(700), at(70))]);
    expect(state).toMatchObject({ expiresAt: at(700), clientProgress: 40 });
  });

  it('accepts the same progress again (a retried keep-alive)', () => {
    spec
      .given([...history.ACTIVE, ev.keptAlive(40)])
      .when(cmd.keepAlive(40))
      .then([ev.keptAlive(40)]);
  });

  it('refuses progress that goes down', () => {
    const error = spec
      .given([...history.ACTIVE, ev.keptAlive(40)])
      .when(cmd.keepAlive(39))
      .thenFails('ProgressDecreased');
    expect(error).toEqual({
      _tag: 'ProgressDecreased',
      command: 'KeepAliveUploadSession',
      current: 40,
      requested: 39,
    });
  });

  it('refuses an expiry that is not after now', () => {
    const error = spec
      .given(history.ACTIVE)
      .when(cmd.keepAlive(null, { expiresAt: at(60) }))
      .thenFails('InvalidArgument');
    expect(error.field).toBe('expiresAt');
  });

  it('refuses on a session that is not active', () => {
    spec.given(history.ERROR).when(cmd.keepAlive(10)).thenFails('NotAllowedInCurrentState');
  });
});

describe('UpdateWarningBehavior', () => {
  it('replaces the warning behavior', () => {
    const behavior = [
      { type: 'SELF_SIGNED_CERTIFICATE', ignored: true },
      { type: 'EXPIRED_CERTIFICATE', ignored: false },
    ];
    const { state } = spec
      .given([
        ...history.ACTIVE,
        ev.warningBehaviorUpdated([{ type: 'UNTRUSTED_CERTIFICATE', ignored: true }]),
      ])
      .when(cmd.updateWarningBehavior(behavior))
      .then([ev.warningBehaviorUpdated(behavior)]);
    expect(state.status === 'ACTIVE' && state.warningBehavior).toEqual(behavior);
  });

  it('refuses a warning type listed twice', () => {
    const twice = [
      { type: 'EXPIRED_CERTIFICATE', ignored: true },
      { type: 'EXPIRED_CERTIFICATE', ignored: false },
    ];
    spec.given(history.ACTIVE).when(cmd.updateWarningBehavior(twice)).thenFails('InvalidArgument');
  });

  it('refuses on a session that is not active', () => {
    spec.given(history.DONE).when(cmd.updateWarningBehavior()).thenFails('NotAllowedInCurrentState');
  });
});
