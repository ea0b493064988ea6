/**
 * The recording settings form of a camera: what a person types (strings), checked as they would
 * want it checked, and turned into the config's `recording` block. The quota is typed in GB;
 * empty means no camera quota. The disk size, when known, bounds the quota here as the engine
 * does on save.
 */
import type { CameraRecording, RecordingMode } from '@vigil/shared/recording';

export interface RecordingForm {
  mode: RecordingMode;
  preRoll: string;
  postRoll: string;
  retentionDays: string;
  eventRetentionDays: string;
  /** GB; empty: no quota for this camera. */
  quotaGb: string;
}

export type RecordingErrors = Partial<Record<keyof RecordingForm, string>> & { form?: string };

const GB = 1e9;
/** Smallest quota that holds a few minutes of one camera. */
export const MIN_QUOTA_GB = 0.1;

/** The form of a stored (or default) recording block. */
export function recordingFormFrom(recording: CameraRecording): RecordingForm {
  return {
    mode: recording.mode,
    preRoll: String(recording.preRollSeconds),
    postRoll: String(recording.postRollSeconds),
    retentionDays: String(recording.retentionDays),
    eventRetentionDays: String(recording.eventRetentionDays),
    quotaGb: recording.quotaBytes > 0 ? String(Math.round((recording.quotaBytes / GB) * 100) / 100) : '',
  };
}

function number(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (t === '' || !/^-?\d*\.?\d+$/.test(t)) return undefined;
  return Number(t);
}

/** The errors to show next to the fields; empty when the form can be saved. */
export function validateRecordingForm(form: RecordingForm, diskTotalBytes?: number): RecordingErrors {
  const errors: RecordingErrors = {};
  const positive = (key: keyof RecordingForm, label: string, max: number) => {
    const value = number(form[key]);
    if (value === undefined) errors[key] = `Enter ${label} as a number.`;
    else if (value <= 0) errors[key] = `${label[0]!.toUpperCase()}${label.slice(1)} must be more than 0.`;
    else if (value > max) errors[key] = `At most ${max}.`;
  };
  const seconds = (key: 'preRoll' | 'postRoll', max: number) => {
    const value = number(form[key]);
    if (value === undefined) errors[key] = 'Enter a number of seconds.';
    else if (value < 0) errors[key] = 'Cannot be negative.';
    else if (value > max) errors[key] = `At most ${max} s.`;
  };
  seconds('preRoll', 120);
  seconds('postRoll', 600);
  positive('retentionDays', 'the days to keep', 3650);
  positive('eventRetentionDays', 'the days to keep event footage', 3650);
  const keep = number(form.retentionDays);
  const keepEvents = number(form.eventRetentionDays);
  if (!errors.eventRetentionDays && keep !== undefined && keepEvents !== undefined && keepEvents < keep) {
    errors.eventRetentionDays = 'Event footage is kept at least as long as the rest.';
  }
  if (form.quotaGb.trim() !== '') {
    const quota = number(form.quotaGb);
    if (quota === undefined) errors.quotaGb = 'Enter the quota in GB, or leave it empty for no quota.';
    else if (quota <= 0) errors.quotaGb = 'The quota must be more than 0 GB; leave it empty for no quota.';
    else if (quota < MIN_QUOTA_GB) errors.quotaGb = `At least ${MIN_QUOTA_GB} GB, or a few minutes of video would not fit.`;
    else if (diskTotalBytes !== undefined && quota * GB > diskTotalBytes) {
      errors.quotaGb = `The recordings disk holds only ${(diskTotalBytes / GB).toFixed(1)} GB in total: choose a smaller quota.`;
    }
  }
  return errors;
}

/** The config block the form describes (call after validateRecordingForm found nothing). */
export function toRecording(form: RecordingForm, base: CameraRecording): CameraRecording {
  const quota = number(form.quotaGb);
  return {
    ...base,
    mode: form.mode,
    preRollSeconds: number(form.preRoll) ?? base.preRollSeconds,
    postRollSeconds: number(form.postRoll) ?? base.postRollSeconds,
    retentionDays: number(form.retentionDays) ?? base.retentionDays,
    eventRetentionDays: number(form.eventRetentionDays) ?? base.eventRetentionDays,
    quotaBytes: quota === undefined ? 0 : Math.round(quota * GB),
  };
}

/** Field errors from the engine's issues ("recording.quotaBytes: …"), else the message on the form. */
export function recordingErrorsFromIssues(issues: readonly string[] | undefined, message: string): RecordingErrors {
  const fields: Record<string, keyof RecordingForm> = {
    quotaBytes: 'quotaGb',
    retentionDays: 'retentionDays',
    eventRetentionDays: 'eventRetentionDays',
    preRollSeconds: 'preRoll',
    postRollSeconds: 'postRoll',
    mode: 'mode',
  };
  const errors: RecordingErrors = {};
  for (const issue of issues ?? []) {
    const match = /^recording\.(\w+): (.*)$/.exec(issue);
    const key = match && fields[match[1]!];
    if (key) errors[key] = match[2]!.charAt(0).toUpperCase() + match[2]!.slice(1);
  }
  if (Object.keys(errors).length === 0) errors.form = message;
  return errors;
}
