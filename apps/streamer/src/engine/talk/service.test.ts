import type { TalkNotice } from '@vigil/shared/audio';
import { describe, expect, it, vi } from 'vitest';
import { createTalkService } from './service.ts';

const packet = Buffer.from([0x80, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0xf8, 0xff]);

function service(options: { allowed?: Set<string>; url?: string; speaker?: string } = {}) {
  const allowed = options.allowed ?? new Set<string>();
  const sink = options.speaker ? ({ kind: 'speaker', device: options.speaker } as const) : ({ kind: 'backchannel', url: options.url ?? 'rtsp://127.0.0.1:1/cam' } as const);
  return createTalkService(
    { ffmpegPath: 'ffmpeg', sink: (id) => (id === 'none' ? undefined : sink), mayTalk: (v) => allowed.has(v), viewerName: (v) => `viewer ${v}` },
    { idleMs: 100 },
  );
}

describe('talk service', () => {
  it('gives no line for a camera it cannot reach the speaker of', () => {
    expect(service().line('none', 'a', () => undefined)).toBeUndefined();
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

  it('says which PC speaker cannot be opened, and does not retry it while the button is held', async () => {
    const notices: TalkNotice[] = [];
    const talk = service({ allowed: new Set(['a']), speaker: 'alsa:vigil-no-such-device' });
    const line = talk.line('desk', 'a', (n) => notices.push(n))!;
    // A held button: packets every 20 ms until the refusal, then a few more.
    let sent = 0;
    const timer = setInterval(() => (line.push(packet), sent++), 20);
    await vi.waitFor(() => expect(notices.some((n) => n.state === 'refused')).toBe(true), { timeout: 10_000 });
    const sentAtRefusal = sent;
    await vi.waitFor(() => expect(sent).toBeGreaterThan(sentAtRefusal + 5), { timeout: 5000 });
    clearInterval(timer);
    const refusals = notices.filter((n) => n.state === 'refused');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.reason).toMatch(/^the speaker 'alsa:vigil-no-such-device' cannot be opened: cannot open audio device vigil-no-such-device/);
    expect(talk.active()).toEqual([]);
    await talk.stop();
  });
});
