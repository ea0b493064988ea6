/** One camera's recording settings as a small form of its own, saved with PUT /api/cameras/:id. */
import { useState, type FormEvent } from 'react';
import type { CameraView } from '@vigil/shared/api';
import { CameraRecording } from '@vigil/shared/recording';
import { ApiRequestError } from '../../api/client.ts';
import { recordingErrorsFromIssues, recordingFormFrom, toRecording, validateRecordingForm, type RecordingErrors, type RecordingForm } from '../../logic/recordingForm.ts';
import { useApp } from '../../store/app.ts';
import { useCameras } from '../../store/cameras.ts';
import { RecordingFields } from './RecordingFields.tsx';

export interface RecordingSettingsProps {
  camera: CameraView;
  diskTotal: number | undefined;
  onSaved(): void;
  onCancel(): void;
}

/** The settings form of `camera`. */
export function RecordingSettings({ camera, diskTotal, onSaved, onCancel }: RecordingSettingsProps) {
  const api = useApp((s) => s.api);
  const stored = camera.config.recording ?? CameraRecording.parse({});
  const [form, setForm] = useState<RecordingForm>(() => recordingFormFrom(stored));
  const [errors, setErrors] = useState<RecordingErrors>({});
  const [busy, setBusy] = useState(false);
  const prefix = `rec-${camera.config.id}`;

  const change = (patch: Partial<RecordingForm>) => {
    setForm({ ...form, ...patch });
    const next = { ...errors, form: undefined };
    for (const key of Object.keys(patch)) delete next[key as keyof RecordingForm];
    setErrors(next);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!api) return;
    const found = validateRecordingForm(form, diskTotal);
    if (Object.keys(found).length > 0) return setErrors(found);
    setBusy(true);
    try {
      // The config comes back redacted; the engine keeps the stored credentials for ***@ URLs.
      const view = await api.updateCamera(camera.config.id, { ...camera.config, recording: toRecording(form, stored) });
      useCameras.getState().upsert(view);
      onSaved();
    } catch (error) {
      setErrors(error instanceof ApiRequestError ? recordingErrorsFromIssues(error.issues, error.message) : { form: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form rec-settings" onSubmit={(e) => void submit(e)} noValidate data-testid={`${prefix}-form`}>
      <RecordingFields prefix={prefix} form={form} errors={errors} change={change} diskTotal={diskTotal} />
      {errors.form && (
        <div className="notice error small" role="alert" data-testid={`${prefix}-error`}>
          {errors.form}
        </div>
      )}
      <div className="row-actions">
        <span className="spacer" />
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn primary" disabled={busy} data-testid={`${prefix}-save`}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
