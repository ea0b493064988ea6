import { describe, expect, it } from 'vitest';
import { DetectionConfig, LABEL_GROUP_NAMES } from '@vigil/shared/detection';
import { detectionFormFrom, LABEL_CHOICES, toDetection, validateDetectionForm } from './detectionForm.ts';

describe('detection form', () => {
  it('starts off with the engine defaults when the camera has no block', () => {
    const form = detectionFormFrom(undefined);
    expect(form).toEqual({ enabled: false, labels: ['person', 'vehicle', 'bicycle', 'animal'], minScore: '35' });
    expect(toDetection(form, undefined)).toBeUndefined();
    expect(LABEL_CHOICES.map((c) => c.label).sort()).toEqual([...LABEL_GROUP_NAMES].sort());
  });

  it('round-trips a stored block, keeping per-label scores', () => {
    const stored = { enabled: true, labels: ['person' as const], minScore: 0.5, minScores: { animal: 0.6 } };
    const form = detectionFormFrom(stored);
    expect(form).toEqual({ enabled: true, labels: ['person'], minScore: '50' });
    const saved = toDetection({ ...form, minScore: '42 %' }, stored);
    expect(DetectionConfig.parse(saved)).toEqual({ enabled: true, labels: ['person'], minScore: 0.42, minScores: { animal: 0.6 } });
    expect(toDetection({ ...form, enabled: false }, stored)).toMatchObject({ enabled: false });
  });

  it('explains what is wrong, only while detection is on', () => {
    expect(validateDetectionForm({ enabled: true, labels: [], minScore: '2' })).toEqual({
      labels: expect.stringContaining('at least one'),
      minScore: expect.stringContaining('5 to 100'),
    });
    expect(validateDetectionForm({ enabled: true, labels: ['person'], minScore: 'abc' }).minScore).toBeDefined();
    expect(validateDetectionForm({ enabled: true, labels: ['person'], minScore: '35' })).toEqual({});
    expect(validateDetectionForm({ enabled: false, labels: [], minScore: '' })).toEqual({});
  });
});
