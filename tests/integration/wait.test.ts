/** The tests' one wait: it throws on timeout, naming what it waited for, and adds what `explain` says. */
import { describe, expect, it } from 'vitest';
import { waitFor, WaitTimeout } from '../helpers/wait.ts';

describe('waitFor', () => {
  it('returns the value the check accepts', async () => {
    let n = 0;
    expect(await waitFor(() => ++n, (value) => value >= 3, 5_000, { every: 1 })).toBe(3);
  });

  it('throws on timeout with what it waited for, the last value and the explanation', async () => {
    const wait = waitFor(() => 7, (value) => value > 10, 50, { every: 5, what: 'more than ten', explain: async () => 'the counter is stuck' });
    await expect(wait).rejects.toThrow(WaitTimeout);
    await expect(wait).rejects.toThrow(/waiting for more than ten; last value: 7; the counter is stuck$/);
  });

  it('still throws the timeout when the explanation itself fails', async () => {
    const wait = waitFor(() => 0, () => false, 20, { every: 5, explain: () => { throw new Error('page closed'); } });
    await expect(wait).rejects.toThrow(/last value: 0; \(explaining failed: page closed\)$/);
  });
});
