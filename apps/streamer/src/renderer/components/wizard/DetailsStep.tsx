/** The wizard's second step: the camera's name, site and source settings, then "Connect". */
import type { FormEvent } from 'react';
import type { CameraForm, FieldErrors } from '../../logic/cameraForm.ts';
import { SiteField } from '../cameras/SiteField.tsx';
import { Field } from '../common/Field.tsx';
import { SourceFields } from './SourceFields.tsx';
import { useDevices } from './useDevices.ts';
import { WizardFooter } from './WizardFooter.tsx';

export interface DetailsStepProps {
  form: CameraForm;
  errors: FieldErrors;
  busy: boolean;
  /** The camera exists already (Connect updates it). */
  saved: boolean;
  change(patch: Partial<CameraForm>): void;
  onBack(): void;
  onSubmit(): void;
}

const TITLES = { rtsp: 'Network camera (RTSP)', usb: 'USB camera', 'test-pattern': 'Test pattern', file: 'Video file' };

/** Name + source fields. */
export function DetailsStep({ form, errors, busy, saved, change, onBack, onSubmit }: DetailsStepProps) {
  const devices = useDevices(form.kind !== 'rtsp');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="camera-form">
      <h2>{TITLES[form.kind]}</h2>
      <Field name="name" label="Name" error={errors.name} hint="How this camera appears in Vigil, e.g. “Front door”.">
        <input id="field-name" className="input" value={form.name} maxLength={80} autoFocus onChange={(e) => change({ name: e.target.value })} />
      </Field>
      <SiteField value={form.site} error={errors.site} onChange={(site) => change({ site })} />
      <SourceFields form={form} errors={errors} change={change} devices={devices} />
      <WizardFooter error={errors.form} onBack={onBack}>
        <button type="submit" className="btn primary" data-testid="wizard-connect" disabled={busy}>
          {busy ? 'Saving…' : saved ? 'Save and reconnect' : 'Connect'}
        </button>
      </WizardFooter>
    </form>
  );
}
