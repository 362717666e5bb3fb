import { describe, expect, it } from 'vitest';
import { createCallSlots } from '../../electron/main/services/region/httpAgent';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createCallSlots', () => {
  it('runs at most `size` calls at once, the others in arrival order', async () => {
    const slots = createCallSlots(2);
    const started: number[] = [];
    const finishers: Array<() => void> = [];
    const runs = [0, 1, 2, 3].map((n) =>
      slots.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(n);
            finishers.push(() => resolve(n));
          }),
      ),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(slots.waiting()).toBe(2);
    finishers[1]!();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finishers[0]!();
    finishers[2]!();
    await tick();
    finishers[3]!();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(slots.inFlight()).toBe(0);
  });

  it('frees the slot when a call fails, and drops a waiting call that is aborted', async () => {
    const slots = createCallSlots(1);
    let release: () => void = () => undefined;
    const first = slots.run(() => new Promise<void>((_, reject) => (release = () => reject(new Error('boom')))));
    const controller = new AbortController();
    let secondStarted = false;
    const second = slots.run(async () => {
      secondStarted = true;
    }, controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await expect(first).rejects.toThrow('boom');
    expect(secondStarted).toBe(false);
    expect(await slots.run(async () => 'third')).toBe('third');
    expect(slots.inFlight()).toBe(0);
  });
});
