import { describe, expect, it } from 'vitest';
import { CameraRecording } from '@vigil/shared/recording';
import { recordingErrorsFromIssues, recordingFormFrom, toRecording, validateRecordingForm } from './recordingForm.ts';

const base = CameraRecording.parse({ mode: 'continuous' });
const form = recordingFormFrom(base);

describe('recording form', () => {
  it('round-trips a stored block; an empty quota means none', () => {
    expect(form.quotaGb).toBe('');
    expect(validateRecordingForm(form)).toEqual({});
    expect(toRecording(form, base)).toEqual(base);
    expect(toRecording({ ...form, quotaGb: '2,5' }, base).quotaBytes).toBe(2.5e9);
  });

  it('refuses zero, negative and non-numbers next to the field', () => {
    const errors = validateRecordingForm({ ...form, retentionDays: '0', preRoll: '-1', postRoll: 'soon', quotaGb: '-3' });
    expect(errors.retentionDays).toContain('more than 0');
    expect(errors.preRoll).toContain('negative');
    expect(errors.postRoll).toContain('number');
    expect(errors.quotaGb).toContain('more than 0 GB');
    expect(validateRecordingForm({ ...form, quotaGb: '0' }).quotaGb).toContain('leave it empty');
  });

  it('refuses a quota larger than the disk, and event retention shorter than the rest', () => {
    expect(validateRecordingForm({ ...form, quotaGb: '600' }, 500e9).quotaGb).toContain('holds only 500.0 GB');
    expect(validateRecordingForm({ ...form, quotaGb: '400' }, 500e9)).toEqual({});
    expect(validateRecordingForm({ ...form, retentionDays: '30', eventRetentionDays: '7' }).eventRetentionDays).toContain('at least as long');
  });

  it('puts the engine’s issues on their fields, else on the form', () => {
    expect(recordingErrorsFromIssues(['recording.quotaBytes: the quota (9 GB) is larger than the recordings disk (5 GB in total)'], 'x')).toEqual({
      quotaGb: 'The quota (9 GB) is larger than the recordings disk (5 GB in total)',
    });
    expect(recordingErrorsFromIssues(undefined, 'offline')).toEqual({ form: 'offline' });
  });
});
