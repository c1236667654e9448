import { progressBar, progressLine } from './progress-bar';

describe('progress bar', () => {
  it('shows the bar, percent, events, rate and time left', () => {
    const line = progressLine({ phase: 'replaying', events: 12_000, fraction: 0.25, elapsedMs: 4000 });
    expect(line).toBe('replaying [######------------------]  25.0%  12,000 events  3,000 ev/s  ETA 0:12');
    expect(progressLine({ phase: 'done', events: 48_000, fraction: 1, elapsedMs: 16_000 })).toMatch(
      /100\.0%.*took 0:16$/,
    );
    expect(progressLine({ phase: 'replaying', events: 0, fraction: 0, elapsedMs: 0 })).toMatch(/ETA --:--$/);
  });

  it('redraws one terminal line in place, throttled, and ends it', () => {
    const written: string[] = [];
    let t = 0;
    const draw = progressBar({ isTTY: true, columns: 200, write: (s) => written.push(s) }, () => t);
    draw({ phase: 'replaying', events: 1, fraction: 0.1, elapsedMs: 10 });
    t = 50;
    draw({ phase: 'replaying', events: 2, fraction: 0.2, elapsedMs: 60 });
    t = 150;
    draw({ phase: 'done', events: 3, fraction: 1, elapsedMs: 150 });
    expect(written).toHaveLength(2);
    expect(written.every((s) => s.startsWith('\r'))).toBe(true);
    expect(written[1]?.endsWith('\n')).toBe(true);
  });

  it('writes plain lines when not a terminal', () => {
    const written: string[] = [];
    let t = 0;
    const draw = progressBar({ isTTY: false, write: (s) => written.push(s) }, () => t);
    draw({ phase: 'replaying', events: 1, fraction: 0.1, elapsedMs: 10 });
    t = 2500;
    draw({ phase: 'replaying', events: 2, fraction: 0.5, elapsedMs: 2510 });
    draw({ phase: 'done', events: 3, fraction: 1, elapsedMs: 2600 });
    expect(written).toHaveLength(3);
    expect(written.join('')).not.toContain('\r');
  });
});
