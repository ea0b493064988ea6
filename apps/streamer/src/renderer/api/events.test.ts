import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEventStream } from './events.ts';

/** Just enough of a browser WebSocket: the test opens and closes it by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close(): void {}
}

describe('openEventStream', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reconnects after 1 s doubling to 10 s, and starts over once a socket opened', () => {
    const delays: number[] = [];
    const close = openEventStream({ apiUrl: 'http://127.0.0.1:7480', token: 't' }, { onEvent: () => undefined, onStatus: () => undefined });
    expect(FakeSocket.all[0]!.url).toBe('ws://127.0.0.1:7480/api/events');
    const dropAndWait = () => {
      const before = Date.now();
      const count = FakeSocket.all.length;
      FakeSocket.all.at(-1)!.onclose!();
      while (FakeSocket.all.length === count) vi.advanceTimersByTime(1);
      delays.push(Date.now() - before);
    };
    for (let i = 0; i < 6; i++) dropAndWait();
    FakeSocket.all.at(-1)!.onopen!();
    dropAndWait();
    dropAndWait();
    close();
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 1000, 2000]);
  });
});
