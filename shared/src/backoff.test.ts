import { describe, expect, it } from 'vitest';
import { backoffDelay, type Backoff } from './backoff.ts';

// The three formulas this module replaced, verbatim, as references: each preset must give the
// very same delay for the same attempt and the same random value.

/** apps/streamer/src/engine/alerts/backoff.ts: equal jitter, `failures` 1-based. */
function alertsBefore(failures: number, options: { baseMs?: number; maxMs?: number; factor?: number }, random: () => number): number {
  const base = options.baseMs ?? 5_000;
  const max = options.maxMs ?? 600_000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(max, base * factor ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** apps/streamer/src/engine/camera/backoff.ts: ± spread, `attempt` 0-based. */
function cameraBefore(attempt: number, options: { initialBackoffMs?: number; maxBackoffMs?: number; backoffJitter?: number }, random: () => number): number {
  const initial = options.initialBackoffMs ?? 500;
  const max = options.maxBackoffMs ?? 4000;
  const jitter = options.backoffJitter ?? 0.2;
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(max, base + spread)));
}

/** apps/signaling/src/common/backoff.ts: (partial) full jitter, `attempt` 0-based. */
function signalingBefore(attempt: number, options: { initialMs: number; maxMs: number; jitter: number }, random: () => number): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(exponential * (1 - jitter * random()));
}

/** A seeded generator (mulberry32), so the "random" values are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = seeded(19);
const randoms = [0, 0.25, 0.5, 0.75, 0.999999, ...Array.from({ length: 40 }, next)];
const attempts = Array.from({ length: 41 }, (_, i) => i);
const fixed = (r: number) => () => r;

/** Every (attempt, random) pair: [new delay, old delay]. */
function pairs(now: (attempt: number, random: () => number) => number, before: (attempt: number, random: () => number) => number): [number, number][] {
  return attempts.flatMap((attempt) => randoms.map((r): [number, number] => [now(attempt, fixed(r)), before(attempt, fixed(r))]));
}

describe('backoffDelay', () => {
  it('grows by the factor from initialMs up to maxMs', () => {
    const none: Backoff = { initialMs: 100, maxMs: 1000, jitter: { kind: 'full', amount: 0 } };
    expect([0, 1, 2, 3, 4, 10, 2000].map((a) => backoffDelay(a, none))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect([0, 1, 2].map((a) => backoffDelay(a, { ...none, factor: 3 }))).toEqual([100, 300, 900]);
    expect(backoffDelay(2000, { ...none, initialMs: 0 })).toBe(0);
  });

  it('applies each kind of jitter within its bounds', () => {
    const d = { initialMs: 1000, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, { initialMs: 1000, maxMs: 10_000, jitter: { kind: 'none' } }, fixed(0.7)))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect([0, 0.5, 0.999999].map((r) => backoffDelay(0, { ...d, jitter: { kind: 'equal' } }, fixed(r)))).toEqual([500, 750, 1000]);
    expect([0, 0.5, 1].map((r) => backoffDelay(0, { ...d, maxMs: 2000, jitter: { kind: 'spread', amount: 0.2 } }, fixed(r)))).toEqual([800, 1000, 1200]);
    expect(backoffDelay(0, { ...d, jitter: { kind: 'spread', amount: 0.2 } }, fixed(1))).toBe(1000);
    expect([0, 0.5].map((r) => backoffDelay(0, { ...d, jitter: { kind: 'full', amount: 1 } }, fixed(r)))).toEqual([1000, 500]);
    expect(backoffDelay(0, { ...d, jitter: { kind: 'full', amount: 7 } }, fixed(0.5))).toBe(500);
  });

  // Alerts: baseMs/maxMs/factor, equal jitter, failures 1-based (attempt = failures − 1).
  it.each([{}, { baseMs: 100 }, { baseMs: 100, maxMs: 1_000 }, { baseMs: 50, maxMs: 400 }, { baseMs: 1_000, maxMs: 30_000, factor: 1.5 }, { baseMs: 7, maxMs: 1e9, factor: 3 }])(
    'reproduces the alert retries exactly for %j',
    (options) => {
      const backoff: Backoff = { initialMs: options.baseMs ?? 5_000, maxMs: options.maxMs ?? 600_000, factor: options.factor ?? 2, jitter: { kind: 'equal' } };
      for (const [now, before] of pairs((a, r) => backoffDelay(a, backoff, r), (a, r) => alertsBefore(a + 1, options, r))) expect(now).toBe(before);
    },
  );

  // Camera and engine restarts: initialBackoffMs/maxBackoffMs/backoffJitter, ± spread.
  it.each([{}, { initialBackoffMs: 20, maxBackoffMs: 40 }, { initialBackoffMs: 1000, maxBackoffMs: 30_000, backoffJitter: 0.2 }, { initialBackoffMs: 5000 }, { backoffJitter: 0 }, { initialBackoffMs: 3, maxBackoffMs: 1e6, backoffJitter: 0.7 }])(
    'reproduces the restart delays exactly for %j',
    (options) => {
      const backoff: Backoff = { initialMs: options.initialBackoffMs ?? 500, maxMs: options.maxBackoffMs ?? 4000, jitter: { kind: 'spread', amount: options.backoffJitter ?? 0.2 } };
      for (const [now, before] of pairs((a, r) => backoffDelay(a, backoff, r), (a, r) => cameraBefore(a, options, r))) expect(now).toBe(before);
    },
  );

  // Signalling reconnections and viewer tiles: initialMs/maxMs/jitter (share of full jitter).
  it.each([{ initialMs: 250, maxMs: 10_000, jitter: 1 }, { initialMs: 100, maxMs: 1000, jitter: 0 }, { initialMs: 1_000, maxMs: 15_000, jitter: 0.3 }, { initialMs: 20, maxMs: 200, jitter: 1.5 }, { initialMs: 20, maxMs: 200, jitter: -1 }])(
    'reproduces the reconnection delays exactly for %j',
    (options) => {
      const backoff: Backoff = { initialMs: options.initialMs, maxMs: options.maxMs, jitter: { kind: 'full', amount: options.jitter } };
      for (const [now, before] of pairs((a, r) => backoffDelay(a, backoff, r), (a, r) => signalingBefore(a, options, r))) expect(now).toBe(before);
    },
  );
});
