/** The recording fields of one camera (mode, rolls, retention, quota): in the Storage tab and the camera editor. */
import type { RecordingMode } from '@vigil/shared/recording';
import type { RecordingErrors, RecordingForm } from '../../logic/recordingForm.ts';
import { Field } from '../common/Field.tsx';

const MODES: { mode: RecordingMode; label: string; hint: string }[] = [
  { mode: 'continuous', label: 'Always', hint: 'Records around the clock.' },
  { mode: 'motion', label: 'Motion only', hint: 'Keeps only the minutes around motion events; uses far less disk.' },
  { mode: 'off', label: 'Off', hint: 'Records nothing; footage already kept stays until retention removes it.' },
];

export interface RecordingFieldsProps {
  /** Prefix of ids and test ids, so two forms never clash. */
  prefix: string;
  form: RecordingForm;
  errors: RecordingErrors;
  change(patch: Partial<RecordingForm>): void;
  /** The recordings disk size, shown in the quota's hint. */
  diskTotal?: number;
}

/** The fields, without the form around them. */
export function RecordingFields({ prefix, form, errors, change, diskTotal }: RecordingFieldsProps) {
  const id = (name: string) => `${prefix}-${name}`;
  const input = (name: keyof RecordingForm, unit: string, extra: { step?: string; placeholder?: string } = {}) => (
    <div className="input-unit">
      <input
        id={`field-${id(name)}`}
        className="input"
        inputMode="decimal"
        value={form[name]}
        onChange={(e) => change({ [name]: e.target.value })}
        data-testid={`${prefix}-${name}`}
        placeholder={extra.placeholder}
      />
      <span className="unit muted small">{unit}</span>
    </div>
  );
  const mode = MODES.find((m) => m.mode === form.mode)!;
  return (
    <div className="form recording-fields">
      <div className="field">
        <span className="field-label">Record</span>
        <div className="segmented" role="radiogroup" aria-label="Recording mode">
          {MODES.map((m) => (
            <label key={m.mode} className={`segment${form.mode === m.mode ? ' active' : ''}`}>
              <input type="radio" name={id('mode')} checked={form.mode === m.mode} onChange={() => change({ mode: m.mode })} data-testid={`${prefix}-mode-${m.mode}`} />
              {m.label}
            </label>
          ))}
        </div>
        <div className="field-hint">{mode.hint}</div>
      </div>
      {form.mode === 'motion' && (
        <div className="field-row">
          <Field name={id('preRoll')} label="Before motion" hint="Kept before the first moving frame." error={errors.preRoll}>
            {input('preRoll', 's')}
          </Field>
          <Field name={id('postRoll')} label="After motion" hint="Kept after the last moving frame." error={errors.postRoll}>
            {input('postRoll', 's')}
          </Field>
        </div>
      )}
      <div className="field-row">
        <Field name={id('retentionDays')} label="Keep footage for" error={errors.retentionDays} hint="Older footage is deleted, oldest first.">
          {input('retentionDays', 'days')}
        </Field>
        <Field name={id('eventRetentionDays')} label="Keep motion events for" error={errors.eventRetentionDays} hint="Footage with motion may be kept longer.">
          {input('eventRetentionDays', 'days')}
        </Field>
        <Field
          name={id('quotaGb')}
          label="Disk quota"
          error={errors.quotaGb}
          hint={diskTotal ? `Empty: no limit for this camera. The disk holds ${(diskTotal / 1e9).toFixed(1)} GB.` : 'Empty: no limit for this camera.'}
        >
          {input('quotaGb', 'GB', { placeholder: 'no limit' })}
        </Field>
      </div>
    </div>
  );
}
