import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './cli.ts';
import { Scene } from './synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-motion-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('motion CLI', () => {
  it('writes one 0/255 mask per input frame, the moving square in the last ones', async () => {
    const W = 64, H = 48, N = 30;
    const scene = new Scene({ width: W, height: H, objects: [{ w: 10, h: 10, x: 0, y: 20, vx: 1.5, vy: 0, level: 220, from: 15 }] });
    const input = new Uint8Array(W * H * N);
    const truth = new Uint8Array(W * H);
    for (let n = 0; n < N; n++) scene.render(n, input.subarray(n * W * H, (n + 1) * W * H), truth);
    writeFileSync(join(dir, 'in.gray'), input);
    const frames = await main(['--width', String(W), '--height', String(H), '--in', join(dir, 'in.gray'), '--out', join(dir, 'out.gray')]);
    expect(frames).toBe(N);
    const out = readFileSync(join(dir, 'out.gray'));
    expect(out.length).toBe(W * H * N);
    expect(out.every((v) => v === 0 || v === 255)).toBe(true);
    const last = out.subarray((N - 1) * W * H);
    let hit = 0;
    for (let i = 0; i < truth.length; i++) if (truth[i] && last[i]) hit++;
    expect(hit).toBeGreaterThan(60);
  });
});
