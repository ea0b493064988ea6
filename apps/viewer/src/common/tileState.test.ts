import { describe, expect, it } from 'vitest';
import { IDLE, retryDelay, tileReducer, type TileEvent, type TileStatus } from './tileState.ts';
import { newSessionId } from './session.ts';
import { createRateLimiter, decodeSize } from './qr.ts';

const run = (events: TileEvent[], from: TileStatus = IDLE) => events.reduce((s, e) => tileReducer(s, e, () => 0.5), from);

describe('tile state', () => {
  it('goes connecting → live', () => {
    expect(run([{ type: 'attempt' }]).phase).toBe('connecting');
    expect(run([{ type: 'attempt' }, { type: 'live' }])).toEqual({ phase: 'live', failures: 0 });
  });

  it('shows reconnecting after a live picture drops, and keeps it during the next attempt', () => {
    const s = run([{ type: 'attempt' }, { type: 'live' }, { type: 'lost', reason: 'ICE failed', now: 1000 }]);
    expect(s).toMatchObject({ phase: 'reconnecting', reason: 'ICE failed', failures: 1 });
    expect(s.retryAt).toBeGreaterThan(1000);
    expect(tileReducer(s, { type: 'attempt' })).toMatchObject({ phase: 'reconnecting', reason: 'ICE failed' });
  });

  it('shows reconnecting during an ICE restart, with no retry scheduled, then live again', () => {
    const s = run([{ type: 'attempt' }, { type: 'live' }, { type: 'restarting', reason: 'the connection dropped' }]);
    expect(s).toEqual({ phase: 'reconnecting', reason: 'the connection dropped', failures: 0 });
    expect(tileReducer(s, { type: 'live' })).toEqual({ phase: 'live', failures: 0 });
  });

  it('is offline with the reason of a refusal, and tries again', () => {
    const s = run([{ type: 'attempt' }, { type: 'refused', reason: 'camera is stopped', now: 0 }]);
    expect(s).toMatchObject({ phase: 'offline', reason: 'camera is stopped', failures: 1 });
    expect(tileReducer(s, { type: 'attempt' })).toMatchObject({ phase: 'connecting', reason: 'camera is stopped' });
  });

  it('backs off with growing, capped delays', () => {
    const delays = [1, 2, 3, 4, 10].map((n) => retryDelay(n, () => 0));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 15000]);
  });

  it('stop returns to idle', () => {
    expect(run([{ type: 'attempt' }, { type: 'stop' }])).toBe(IDLE);
  });
});

describe('session ids', () => {
  it('are 16 base64url characters and differ', () => {
    const a = newSessionId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(newSessionId()).not.toBe(a);
  });
});

describe('QR decode helpers', () => {
  it('upscales small frames, downscales huge ones, keeps the aspect', () => {
    expect(decodeSize(320, 240)).toEqual({ width: 640, height: 480, scale: 2 });
    expect(decodeSize(100, 100).scale).toBe(4);
    expect(decodeSize(2560, 1440)).toEqual({ width: 1280, height: 720, scale: 0.5 });
    expect(decodeSize(800, 600).scale).toBe(1);
    expect(decodeSize(0, 10).width).toBe(0);
  });

  it('rate-limits decode attempts', () => {
    const limiter = createRateLimiter(8);
    expect(limiter.take(0)).toBe(true);
    expect(limiter.take(100)).toBe(false);
    expect(limiter.take(125)).toBe(true);
  });
});
