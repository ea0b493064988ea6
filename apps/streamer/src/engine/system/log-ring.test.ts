import { describe, expect, it } from 'vitest';
import { captureConsole, cleanLine, createLogRing } from './log-ring.ts';

describe('log ring', () => {
  it('keeps the last lines, filtered by seq and level', () => {
    const ring = createLogRing(3);
    for (const n of [1, 2, 3, 4]) ring.push(n % 2 ? 'info' : 'warn', `line ${n}`);
    expect(ring.lines().map((l) => l.message)).toEqual(['line 2', 'line 3', 'line 4']);
    expect(ring.lines({ level: 'warn' }).map((l) => l.message)).toEqual(['line 2', 'line 4']);
    expect(ring.lines({ since: 3 }).map((l) => l.message)).toEqual(['line 4']);
  });

  it('masks credentials in URLs, known secrets, token parameters and bot tokens', () => {
    const line = cleanLine('rtsp://admin:hunter2@10.0.0.5/live failed; token s3cr3t-token; /x?sig=abcdef&exp=1; bot 123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', ['s3cr3t-token']);
    expect(line).not.toMatch(/hunter2|s3cr3t-token|abcdef|ABCDEFGHIJ/);
    expect(line).toContain('rtsp://***@10.0.0.5/live');
    expect(line).toContain('exp=1');
  });

  it('copies console output into the ring until released', () => {
    const ring = createLogRing();
    const original = console.warn;
    const release = captureConsole(ring);
    expect(console.warn).not.toBe(original);
    try {
      console.error('boom %d', 42, { camera: 'door' });
    } finally {
      release();
    }
    console.info('after release');
    expect(console.warn).toBe(original);
    const lines = ring.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', message: "boom 42 { camera: 'door' }" });
  });
});
