import { describe, expect, it } from 'vitest';
import { caption, MAX_CAPTION, subject } from './caption.ts';

const input = { cameraName: 'Front door', camera: 'front door', eventId: 'e/1', zones: [{ name: 'Porch' }], at: Date.UTC(2026, 6, 1, 12, 0, 0), timeZone: 'Europe/Paris' };

describe('caption', () => {
  it('names camera, zones and local time, with an encoded link', () => {
    expect(caption({ ...input, link: 'https://v.example/#c={camera}&e={event}' })).toBe(
      'Motion: Front door\nZones: Porch\nTime: 2026-07-01 14:00:00 Europe/Paris\nhttps://v.example/#c=front%20door&e=e%2F1',
    );
    expect(subject(input)).toBe('Vigil: motion at Front door (Porch)');
  });

  it("fits Telegram's caption limit", () => {
    expect(caption({ ...input, cameraName: 'x'.repeat(2_000) }).length).toBe(MAX_CAPTION);
  });
});
