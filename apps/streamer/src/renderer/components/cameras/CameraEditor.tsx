/** Editing a camera in a dialog: name, site, on/off, source fields, recording and object detection settings; saved with PUT. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CameraRecording } from '@vigil/shared/recording';
import { formFromConfig, type CameraForm, type FieldErrors } from '../../logic/cameraForm.ts';
import { recordingFormFrom, toRecording, validateRecordingForm, type RecordingErrors, type RecordingForm } from '../../logic/recordingForm.ts';
import { useApp } from '../../store/app.ts';
import { useCamera } from '../../store/cameras.ts';
import { Field } from '../common/Field.tsx';
import { SourceFields } from '../wizard/SourceFields.tsx';
import { useDevices } from '../wizard/useDevices.ts';
import { RecordingFields } from '../recordings/RecordingFields.tsx';
import { detectionFormFrom, toDetection, validateDetectionForm, type DetectionErrors, type DetectionForm } from '../../logic/detectionForm.ts';
import { DetectionFields } from './DetectionFields.tsx';
import { saveEditedCamera } from './saveEditedCamera.ts';
import { SiteField } from './SiteField.tsx';
import { SoundFields } from './SoundFields.tsx';
import { CameraAudio } from '@vigil/shared/audio';

/** The edit dialog of `cameraId`; closes itself when saved or cancelled. */
export function CameraEditor({ cameraId, onClose }: { cameraId: string; onClose(): void }) {
  const camera = useCamera(cameraId);
  const api = useApp((s) => s.api);
  const dialog = useRef<HTMLDialogElement>(null);
  const [form, setForm] = useState<CameraForm | undefined>(() => (camera ? formFromConfig(camera.config) : undefined));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const devices = useDevices(form !== undefined && form.kind !== 'rtsp');
  const storedRecording = camera?.config.recording ?? CameraRecording.parse({});
  const [recording, setRecording] = useState<RecordingForm>(() => recordingFormFrom(storedRecording));
  const [recordingErrors, setRecordingErrors] = useState<RecordingErrors>({});
  const [detection, setDetection] = useState<DetectionForm>(() => detectionFormFrom(camera?.config.detection));
  const [detectionErrors, setDetectionErrors] = useState<DetectionErrors>({});
  const [sound, setSound] = useState<CameraAudio>(() => CameraAudio.parse(camera?.config.audio ?? {}));

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (!camera) onClose();
  }, [camera, onClose]);
  if (!form || !camera) return null;

  const change = (patch: Partial<CameraForm>) => {
    setForm({ ...form, ...patch });
    const next = { ...errors, form: undefined };
    for (const key of Object.keys(patch)) delete next[key as keyof FieldErrors];
    setErrors(next);
  };
  const changeRecording = (patch: Partial<RecordingForm>) => {
    setRecording({ ...recording, ...patch });
    const next = { ...recordingErrors };
    for (const key of Object.keys(patch)) delete next[key as keyof RecordingForm];
    setRecordingErrors(next);
  };
  const changeDetection = (patch: Partial<DetectionForm>) => {
    setDetection({ ...detection, ...patch });
    const next = { ...detectionErrors };
    for (const key of Object.keys(patch)) delete next[key as keyof DetectionErrors];
    setDetectionErrors(patch.enabled === false ? {} : next);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!api) return;
    const found = validateRecordingForm(recording);
    if (Object.keys(found).length > 0) return setRecordingErrors(found);
    const detectionFound = validateDetectionForm(detection);
    if (Object.keys(detectionFound).length > 0) return setDetectionErrors(detectionFound);
    setBusy(true);
    const result = await saveEditedCamera(api, form, camera, toRecording(recording, storedRecording), toDetection(detection, camera.config.detection), sound);
    setBusy(false);
    if ('errors' in result) {
      setErrors(result.errors);
      setRecordingErrors(result.recordingErrors);
    } else onClose();
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="edit-title" onClose={onClose} data-testid="camera-editor">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="edit-title">Edit “{camera.config.name}”</h2>
        <Field name="name" label="Name" error={errors.name}>
          <input id="field-name" className="input" value={form.name} maxLength={80} onChange={(e) => change({ name: e.target.value })} />
        </Field>
        <SiteField value={form.site} error={errors.site} onChange={(site) => change({ site })} />
        <label className="switch">
          <input type="checkbox" checked={form.enabled} onChange={(e) => change({ enabled: e.target.checked })} data-testid="field-enabled" />
          <span>
            <strong>Camera on</strong>
            <span className="muted small"> — when off, Vigil neither shows nor records it.</span>
          </span>
        </label>
        <SourceFields form={form} errors={errors} change={change} devices={devices} />
        <fieldset className="editor-section">
          <legend>Recording</legend>
          <RecordingFields prefix="edit-rec" form={recording} errors={recordingErrors} change={changeRecording} />
        </fieldset>
        <SoundFields value={sound} state={camera.state.audio} change={(patch) => setSound({ ...sound, ...patch })} />
        <DetectionFields form={detection} errors={detectionErrors} change={changeDetection} />
        {errors.form && (
          <div className="notice error small" role="alert" data-testid="error-form">
            {errors.form}
          </div>
        )}
        <div className="wizard-actions">
          <span className="muted small mono">id: {cameraId}</span>
          <div className="spacer" />
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy} data-testid="save-camera">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
