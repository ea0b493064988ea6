import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { OPUS_SILENCE } from '../live/opus.ts';
import { OggOpusWriter, oggCrc } from './ogg.ts';

describe('Ogg Opus for ffmpeg’s stdin', () => {
  it('computes Ogg’s CRC (the check value of CRC-32/MPEG-2 without its inversions)', () => {
    // CRC-32 with polynomial 0x04c11db7, init 0, no reflection, no final xor ("CRC-32/OGG") of "123456789".
    expect(oggCrc(Buffer.from('123456789'))).toBe(0x89a1897f);
  });

  it('writes a stream ffprobe reads as Opus, with every packet and the right duration', () => {
    const writer = new OggOpusWriter(0x1234);
    const stream = Buffer.concat([writer.headers(), ...Array.from({ length: 50 }, () => writer.packet(OPUS_SILENCE))]);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-f', 'ogg', '-i', 'pipe:0', '-show_entries', 'stream=codec_name,channels,sample_rate:packet=pts', '-of', 'json'], { input: stream });
    expect(probe.stderr.toString()).toBe('');
    const found = JSON.parse(probe.stdout.toString()) as { streams: { codec_name: string; channels: number; sample_rate: string }[]; packets: unknown[] };
    expect(found.streams).toEqual([{ codec_name: 'opus', channels: 2, sample_rate: '48000' }]);
    expect(found.packets).toHaveLength(50);
  });

  it('laces a packet longer than 255 bytes over several segments', () => {
    const page = new OggOpusWriter(1).packet(Buffer.alloc(600, 0xf8));
    expect([...page.subarray(26, 30)]).toEqual([3, 255, 255, 90]);
    expect(page.length).toBe(27 + 3 + 600);
  });
});
