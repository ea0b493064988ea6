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

describe('caption with detector labels', () => {
  const person = { label: 'person', score: 0.824, box: [0.1, 0.1, 0.3, 0.9] as const };

  it('says what was seen instead of "Motion"', () => {
    expect(caption({ ...input, labels: [person] })).toBe('Person at Front door (82 %)\nZones: Porch\nTime: 2026-07-01 14:00:00 Europe/Paris');
    expect(subject({ ...input, labels: [person] })).toBe('Vigil: person at Front door (Porch)');
  });

  it('names each label once, with its best score, highest first', () => {
    const labels = [{ label: 'vehicle', score: 0.64 }, { label: 'person', score: 0.5 }, { label: 'person', score: 0.71 }];
    expect(caption({ ...input, labels }).split('\n')[0]).toBe('Person (71 %) and vehicle (64 %) at Front door');
    expect(subject({ ...input, zones: [], labels })).toBe('Vigil: person and vehicle at Front door');
  });

  it('says "Motion" when the event carries no labels', () => {
    expect(caption({ ...input, labels: [] }).startsWith('Motion: Front door\n')).toBe(true);
    expect(subject({ ...input, labels: [] })).toBe('Vigil: motion at Front door (Porch)');
  });
});
