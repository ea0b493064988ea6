/** The camera editor's object detection section: on/off, what to look for, the minimum score. */
import type { LabelGroup } from '@vigil/shared/detection';
import { LABEL_CHOICES, type DetectionErrors, type DetectionForm } from '../../logic/detectionForm.ts';
import { Field } from '../common/Field.tsx';

export interface DetectionFieldsProps {
  form: DetectionForm;
  errors: DetectionErrors;
  change(patch: Partial<DetectionForm>): void;
}

/** The fields, inside their own fieldset. */
export function DetectionFields({ form, errors, change }: DetectionFieldsProps) {
  const toggle = (label: LabelGroup, on: boolean) =>
    change({ labels: on ? LABEL_CHOICES.map((c) => c.label).filter((l) => l === label || form.labels.includes(l)) : form.labels.filter((l) => l !== label) });
  return (
    <fieldset className="editor-section detection-fields" data-testid="detection-section">
      <legend>Object detection</legend>
      <label className="switch">
        <input type="checkbox" checked={form.enabled} onChange={(e) => change({ enabled: e.target.checked })} data-testid="detection-enabled" />
        <span>
          <strong>Confirm motion with object detection</strong>
          <span className="muted small"> — labels each motion event with what moved (a person, a car, a cat), on this computer, nothing sent to the cloud.</span>
        </span>
      </label>
      {form.enabled && (
        <>
          <div className={`field${errors.labels ? ' invalid' : ''}`}>
            <span className="field-label">Look for</span>
            <div className="detection-labels">
              {LABEL_CHOICES.map((choice) => (
                <label key={choice.label} className="switch detection-label">
                  <input type="checkbox" checked={form.labels.includes(choice.label)} onChange={(e) => toggle(choice.label, e.target.checked)} data-testid={`detection-label-${choice.label}`} />
                  <span>
                    {choice.name} <span className="muted small">{choice.hint}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.labels && (
              <div className="field-error" role="alert" data-testid="error-detection-labels">
                {errors.labels}
              </div>
            )}
          </div>
          <Field
            name="detection-minScore"
            label="Minimum score"
            error={errors.minScore}
            hint="How sure the detector must be before an event is labelled. Lower catches distant or dim objects but may call a shadow or a textured wall a cat; higher misses them. 35 % suits most cameras (people in the sample photos score 39–66 %)."
          >
            <div className="input-unit detection-score">
              <input id="field-detection-minScore" className="input" inputMode="decimal" value={form.minScore} onChange={(e) => change({ minScore: e.target.value })} data-testid="detection-minScore" />
              <span className="unit muted small">%</span>
            </div>
          </Field>
        </>
      )}
    </fieldset>
  );
}
