import { backoff } from './webhook-delivery.worker';

const settings = { retryBaseMs: 10_000, retryMaxDelayMs: 3_600_000 };

describe('backoff', () => {
  it('doubles from the base up to the maximum, keeping half of each delay and drawing the rest', () => {
    const lowest = [1, 2, 3, 4, 12, 30].map((n) => backoff(n, settings, () => 0));
    const highest = [1, 2, 3, 4, 12, 30].map((n) => backoff(n, settings, () => 1));

    expect(lowest).toEqual([5_000, 10_000, 20_000, 40_000, 1_800_000, 1_800_000]);
    expect(highest).toEqual([10_000, 20_000, 40_000, 80_000, 3_600_000, 3_600_000]);
  });

  it('retries about a day with the defaults before giving up', () => {
    let total = 0;
    let attempts = 0;
    while (total <= 86_400_000) total += backoff(++attempts, settings, () => 0.5);
    expect(attempts).toBeGreaterThan(30);
    expect(attempts).toBeLessThan(45);
  });
});
