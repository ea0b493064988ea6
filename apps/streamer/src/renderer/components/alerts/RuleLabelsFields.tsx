/** The rule form's detection part: which labels the detector must find, and what to do without an answer. */
import type { LabelGroup } from '@vigil/shared/detection';
import { LABEL_CHOICES } from '../../logic/detectionForm.ts';

export interface RuleLabelsFieldsProps {
  labels: LabelGroup[];
  unconfirmed: 'alert' | 'skip';
  /** Shown under the fields, e.g. cameras that do not look for these labels. */
  warning?: string;
  change(patch: { labels?: LabelGroup[]; unconfirmed?: 'alert' | 'skip' }): void;
}

/** The fields. */
export function RuleLabelsFields({ labels, unconfirmed, warning, change }: RuleLabelsFieldsProps) {
  const toggle = (label: LabelGroup, on: boolean) =>
    change({ labels: on ? LABEL_CHOICES.map((c) => c.label).filter((l) => l === label || labels.includes(l)) : labels.filter((l) => l !== label) });
  return (
    <div className="stack alerts-rule-labels" data-testid="rule-labels">
      <fieldset className="alerts-checks">
        <legend className="field-label">Only when the detector sees (none ticked: any motion)</legend>
        {LABEL_CHOICES.map((choice) => (
          <label key={choice.label} className="switch">
            <input type="checkbox" checked={labels.includes(choice.label)} onChange={(e) => toggle(choice.label, e.target.checked)} data-testid={`rule-label-${choice.label}`} />
            {choice.name}
          </label>
        ))}
      </fieldset>
      {labels.length > 0 && (
        <fieldset className="alerts-checks">
          <legend className="field-label">When detection gives no answer (busy, off or too slow)</legend>
          <label className="switch">
            <input type="radio" name="rule-unconfirmed" checked={unconfirmed === 'alert'} onChange={() => change({ unconfirmed: 'alert' })} data-testid="rule-unconfirmed-alert" />
            Alert anyway <span className="muted small">(a busy computer never silences a burglar)</span>
          </label>
          <label className="switch">
            <input type="radio" name="rule-unconfirmed" checked={unconfirmed === 'skip'} onChange={() => change({ unconfirmed: 'skip' })} data-testid="rule-unconfirmed-skip" />
            Skip <span className="muted small">(fewer false alarms)</span>
          </label>
        </fieldset>
      )}
      {warning && (
        <div className="notice small" data-testid="rule-labels-warning">
          {warning}
        </div>
      )}
    </div>
  );
}
