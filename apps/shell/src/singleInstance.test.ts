import { describe, expect, it, vi } from 'vitest';
import { bringToFront, claimSingleInstance } from './singleInstance.ts';

function fakeApp(locked: boolean) {
  const listeners = new Map<string, () => void>();
  return {
    requestSingleInstanceLock: () => locked,
    quit: vi.fn(),
    on: (name: string, fn: () => void) => listeners.set(name, fn),
    listeners,
  };
}

describe('claimSingleInstance', () => {
  it('the first copy keeps running and is told about a second launch', () => {
    const app = fakeApp(true);
    const onSecond = vi.fn();
    expect(claimSingleInstance(app as never, onSecond)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.listeners.get('second-instance')!();
    expect(onSecond).toHaveBeenCalledOnce();
  });

  it('a second copy quits at once', () => {
    const app = fakeApp(false);
    expect(claimSingleInstance(app as never, vi.fn())).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.listeners.size).toBe(0);
  });
});

describe('bringToFront', () => {
  const window = (minimized: boolean) => {
    const calls: string[] = [];
    return { calls, isMinimized: () => minimized, restore: () => calls.push('restore'), show: () => calls.push('show'), focus: () => calls.push('focus') };
  };

  it('restores a minimised window, then shows and focuses it', () => {
    const w = window(true);
    bringToFront(w as never);
    expect(w.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('shows and focuses a hidden or background window', () => {
    const w = window(false);
    bringToFront(w as never);
    expect(w.calls).toEqual(['show', 'focus']);
  });
});
