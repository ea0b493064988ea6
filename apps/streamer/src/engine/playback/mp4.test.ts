import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLayout, sliceForRange } from './mp4.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-mp4-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A 4 s segment muxed as the recorder muxes (baseline H.264, 1 s fragments, a keyframe each second).
function makeSegment(): Uint8Array {
  const file = join(dir, 'seg.mp4');
  const run = spawnSync('ffmpeg', [
    '-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=10', '-t', '4',
    '-c:v', 'libx264', '-profile:v', 'baseline', '-level', '3.1', '-g', '10', '-pix_fmt', 'yuv420p',
    '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '1000000', '-y', file,
  ]);
  expect(run.status).toBe(0);
  return new Uint8Array(readFileSync(file));
}

describe('readLayout', () => {
  const data = makeSegment();

  it('finds the init segment, codec, timescale and one fragment per second', () => {
    const layout = readLayout(data);
    expect(layout.codec).toBe('avc1.42c01f');
    expect(layout.timescale).toBeGreaterThan(0);
    expect(layout.fragments).toHaveLength(4);
    expect(layout.initSize).toBe(layout.fragments[0]!.offset);
    const seconds = layout.fragments.map((f) => (f.decodeTime - layout.fragments[0]!.decodeTime) / layout.timescale);
    expect(seconds).toEqual([0, 1, 2, 3]);
    for (const [i, f] of layout.fragments.entries()) if (i > 0) expect(f.offset).toBe(layout.fragments[i - 1]!.offset + layout.fragments[i - 1]!.size);
  });

  it('slices a range into bytes that ffmpeg decodes, starting at the right fragment', () => {
    const layout = readLayout(data);
    const start = 1_000_000;
    const { bytes, origin } = sliceForRange(data, layout, start, start + 4000, start + 1500, start + 2500);
    expect(origin).toBe(layout.fragments[0]!.decodeTime / layout.timescale);
    expect(bytes.byteLength).toBe(layout.initSize + layout.fragments[1]!.size + layout.fragments[2]!.size);
    const part = join(dir, 'part.mp4');
    writeFileSync(part, bytes);
    const decoded = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', part], { encoding: 'utf8' });
    expect(decoded.stderr).toBe('');
    expect(Number(decoded.stdout.trim())).toBe(20);
    expect(sliceForRange(data, layout, start, start + 4000, start + 9000, start + 9500).bytes.byteLength).toBe(0);
  });

  it('reads a file still being written up to its last complete fragment', () => {
    const layout = readLayout(data);
    const cut = data.subarray(0, layout.fragments[3]!.offset + 100);
    const partial = readLayout(cut);
    expect(partial.fragments).toHaveLength(3);
    expect(partial.fragments.at(-1)!.size).toBe(layout.fragments[2]!.size);
  });

  it('refuses a file that is not a fragmented MP4', () => {
    expect(() => readLayout(new TextEncoder().encode('not an mp4 at all'))).toThrow(/fragmented MP4/);
  });
});
