import { setTimeout as delay } from 'node:timers/promises';
import { PeriodicJob } from './periodic-job';

describe('PeriodicJob', () => {
  it('runs on every interval, never two runs at once, and stop waits for the run in progress', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let finished = 0;
    const job = new PeriodicJob(
      async () => {
        runs += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        await delay(25); // longer than the interval: overlapping ticks must be skipped
        active -= 1;
        finished += 1;
      },
      5,
      () => undefined,
    );
    job.start();
    await delay(120);
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
    expect(finished).toBe(runs);
    const afterStop = runs;
    await delay(30);
    expect(runs).toBe(afterStop);
  });

  it('hands a failed run to onError and keeps running', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const job = new PeriodicJob(
      () => {
        runs += 1;
        return Promise.reject(new Error(`run ${runs}`));
      },
      5,
      (error) => errors.push(error),
    );
    job.start();
    await delay(60);
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(errors).toHaveLength(runs);
    expect(String(errors[0])).toBe('Error: run 1');
  });
});
