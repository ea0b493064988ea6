/**
 * Adding a camera in three steps: kind → details → connect. The form is checked before anything
 * is posted; once saved, "Change settings" edits the same camera (PUT) and "Cancel" removes it.
 */
import { useState } from 'react';
import { emptyForm, type CameraForm, type FieldErrors, type SourceKind } from '../../logic/cameraForm.ts';
import { fieldFor } from '../../logic/failure.ts';
import { useApp } from '../../store/app.ts';
import { useCamera, useCameras } from '../../store/cameras.ts';
import { ConnectStep } from './ConnectStep.tsx';
import { DetailsStep } from './DetailsStep.tsx';
import { KindPicker } from './KindPicker.tsx';
import { saveCamera } from './saveCamera.ts';

type Step = 'kind' | 'details' | 'connect';
const STEPS: { step: Step; label: string }[] = [
  { step: 'kind', label: 'Kind of camera' },
  { step: 'details', label: 'Details' },
  { step: 'connect', label: 'Connect' },
];

/** The add-camera screen. */
export function AddCameraWizard() {
  const api = useApp((s) => s.api);
  const setScreen = useApp((s) => s.setScreen);
  const [step, setStep] = useState<Step>('kind');
  const [form, setForm] = useState<CameraForm>(() => emptyForm('rtsp'));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [cameraId, setCameraId] = useState<string>();
  const camera = useCamera(cameraId);

  const pick = (kind: SourceKind) => {
    setForm(emptyForm(kind));
    setErrors({});
    setStep('details');
  };
  const connect = async () => {
    if (!api) return;
    setBusy(true);
    const result = await saveCamera(api, form, cameraId);
    setBusy(false);
    if ('errors' in result) return setErrors(result.errors);
    setErrors({});
    setCameraId(result.view.config.id);
    setStep('connect');
  };
  const fix = () => {
    // Put the engine's reason next to the field it most likely comes from.
    const state = camera?.state;
    const field = state?.reason ? fieldFor(state.reason) : undefined;
    if (state?.message && field && (state.state === 'reconnecting' || state.state === 'failed')) setErrors({ [field]: state.message });
    setStep('details');
  };
  const cancel = async () => {
    if (api && cameraId) {
      await api.removeCamera(cameraId).catch(() => undefined);
      useCameras.getState().removed(cameraId);
    }
    setScreen('cameras');
  };

  const index = STEPS.findIndex((s) => s.step === step);
  return (
    <div className="page narrow" data-testid="wizard">
      <div className="page-head">
        <h1>Add a camera</h1>
        <ol className="steps" aria-label="Steps">
          {STEPS.map((s, i) => (
            <li key={s.step} className={i === index ? 'current' : i < index ? 'done' : ''} aria-current={i === index ? 'step' : undefined}>
              <span className="step-num">{i + 1}</span>
              {s.label}
            </li>
          ))}
        </ol>
      </div>
      {step === 'kind' && <KindPicker onPick={pick} />}
      {step === 'details' && (
        <DetailsStep
          form={form}
          errors={errors}
          busy={busy}
          saved={cameraId !== undefined}
          change={(patch) => {
            setForm((f) => ({ ...f, ...patch }));
            setErrors((e) => {
              const next = { ...e, form: undefined };
              for (const key of Object.keys(patch)) delete next[key as keyof FieldErrors];
              return next;
            });
          }}
          onBack={() => (cameraId ? setStep('connect') : setStep('kind'))}
          onSubmit={() => void connect()}
        />
      )}
      {step === 'connect' && camera && <ConnectStep camera={camera} onFix={fix} onCancel={() => void cancel()} onDone={() => setScreen('cameras')} />}
      {step === 'connect' && !camera && <p className="muted">This camera was removed.</p>}
    </div>
  );
}
