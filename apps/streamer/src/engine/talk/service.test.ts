import type { TalkNotice } from '@vigil/shared/audio';
import { describe, expect, it, vi } from 'vitest';
import { createTalkService } from './service.ts';

const packet = Buffer.from([0x80, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0xf8, 0xff]);

function service(options: { allowed?: Set<string>; url?: string } = {}) {
  const allowed = options.allowed ?? new Set<string>();
  return createTalkService(
    { ffmpegPath: 'ffmpeg', cameraUrl: (id) => (id === 'usb' ? undefined : (options.url ?? 'rtsp://127.0.0.1:1/cam')), mayTalk: (v) => allowed.has(v), viewerName: (v) => `viewer ${v}` },
    { idleMs: 100 },
  );
}

describe('talk service', () => {
  it('gives no line for a camera it cannot reach the speaker of', () => {
    expect(service().line('usb', 'a', () => undefined)).toBeUndefined();
  });

  it('refuses a viewer without the permission, once per burst of packets', async () => {
    const notices: TalkNotice[] = [];
    const line = service().line('door', 'a', (n) => notices.push(n))!;
    for (let i = 0; i < 20; i++) line.push(packet);
    expect(notices).toEqual([{ type: 'talk', state: 'refused', reason: expect.stringMatching(/may not talk.*Viewers screen/) as string }]);
    await new Promise((resolve) => setTimeout(resolve, 250)); // the burst ends: a new press is told again
    line.push(packet);
    expect(notices).toHaveLength(2);
  });

  it('says why when the camera’s speaker cannot be reached', async () => {
    const notices: TalkNotice[] = [];
    const talk = service({ allowed: new Set(['a']) });
    talk.line('door', 'a', (n) => notices.push(n))!.push(packet);
    // vi.waitFor throws when the refusal never comes.
    await vi.waitFor(() => expect(notices.some((n) => n.state === 'refused')).toBe(true), { timeout: 5000 });
    expect(notices.find((n) => n.state === 'refused')?.reason).toMatch(/ECONNREFUSED|connect/);
    expect(talk.active()).toEqual([]);
    await talk.stop(); // ends the transcoder it started ahead
  });
});
