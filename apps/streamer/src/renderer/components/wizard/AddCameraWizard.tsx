/**
 * Adding a camera: kind → details → connect, or for ONVIF cameras kind → find → sign in →
 * streams → connect. The form is checked before anything is posted; once saved, "Change
 * settings" edits the same camera (PUT) and "Cancel" removes it.
 */
import { useState } from 'react';
import { emptyForm, type CameraForm, type FieldErrors } from '../../logic/cameraForm.ts';
import { fieldFor } from '../../logic/failure.ts';
import { useApp } from '../../store/app.ts';
import { useCamera, useCameras } from '../../store/cameras.ts';
import { ConnectStep } from './ConnectStep.tsx';
import { DetailsStep } from './DetailsStep.tsx';
import { KindPicker, type WizardKind } from './KindPicker.tsx';
import { OnvifFind } from './OnvifFind.tsx';
import { formFromProfiles } from './onvifForm.ts';
import { OnvifSignIn } from './OnvifSignIn.tsx';
import { OnvifStreams } from './OnvifStreams.tsx';
import { saveCamera } from './saveCamera.ts';
import { useOnvif } from './useOnvif.ts';
import './onvif.css';

type Step = 'kind' | 'details' | 'find' | 'sign-in' | 'streams' | 'connect';
const PATHS: Record<'manual' | 'onvif', { step: Step; label: string }[]> = {
  manual: [
    { step: 'kind', label: 'Kind of camera' },
    { step: 'details', label: 'Details' },
    { step: 'connect', label: 'Connect' },
  ],
  onvif: [
    { step: 'kind', label: 'Kind of camera' },
    { step: 'find', label: 'Find' },
    { step: 'sign-in', label: 'Sign in' },
    { step: 'streams', label: 'Streams' },
    { step: 'connect', label: 'Connect' },
  ],
};

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
  const onvif = useOnvif();
  const [path, setPath] = useState<'manual' | 'onvif'>('manual');

  const pick = (kind: WizardKind) => {
    setErrors({});
    setPath(kind === 'onvif' ? 'onvif' : 'manual');
    if (kind === 'onvif') return setStep('find');
    setForm(emptyForm(kind));
    setStep('details');
  };
  const connect = async (next = form) => {
    if (!api) return;
    setForm(next);
    setBusy(true);
    const result = await saveCamera(api, next, cameraId);
    setBusy(false);
    if ('errors' in result) return setErrors(result.errors);
    setErrors({});
    setCameraId(result.view.config.id);
    setStep('connect');
  };
  const addOnvif = (choice: { name: string; main: string; sub: string | undefined }) => {
    const found = onvif.profiles?.profiles ?? [];
    const main = found.find((p) => p.token === choice.main);
    if (main) void connect(formFromProfiles(choice.name, main, found.find((p) => p.token === choice.sub), onvif.user.trim(), onvif.password));
  };
  const fix = () => {
    // Put the engine's reason next to the field it most likely comes from.
    const state = camera?.state;
    const field = state?.reason ? fieldFor(state.reason) : undefined;
    if (state?.message && field && (state.state === 'reconnecting' || state.state === 'failed')) setErrors({ [field]: state.message });
    // An ONVIF camera is an RTSP camera once added: its settings are the RTSP form's.
    setPath('manual');
    setStep('details');
  };
  const cancel = async () => {
    if (api && cameraId) {
      await api.removeCamera(cameraId).catch(() => undefined);
      useCameras.getState().removed(cameraId);
    }
    setScreen('cameras');
  };

  const steps = PATHS[path];
  const index = steps.findIndex((s) => s.step === step);
  return (
    <div className="page narrow" data-testid="wizard">
      <div className="page-head">
        <h1>Add a camera</h1>
        <ol className="steps" aria-label="Steps">
          {steps.map((s, i) => (
            <li key={s.step} className={i === index ? 'current' : i < index ? 'done' : ''} aria-current={i === index ? 'step' : undefined}>
              <span className="step-num">{i + 1}</span>
              {s.label}
            </li>
          ))}
        </ol>
      </div>
      {step === 'kind' && <KindPicker onPick={pick} />}
      {step === 'find' && <OnvifFind onvif={onvif} onBack={() => setStep('kind')} onChosen={(target) => (onvif.choose(target), setStep('sign-in'))} />}
      {step === 'sign-in' && <OnvifSignIn onvif={onvif} onBack={() => setStep('find')} onSignedIn={() => setStep('streams')} />}
      {step === 'streams' && onvif.profiles && (
        <OnvifStreams
          profiles={onvif.profiles}
          defaultName={onvif.target?.name ?? ''}
          errors={streamErrors(errors)}
          busy={busy}
          onBack={() => setStep('sign-in')}
          onAdd={addOnvif}
          grab={onvif.preview}
        />
      )}
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

/** The form's errors for the streams step: the name on its field, the rest (addresses) above the buttons. */
function streamErrors(errors: FieldErrors): FieldErrors {
  const rest = Object.entries(errors).filter(([key, text]) => key !== 'name' && text);
  return { name: errors.name, ...(rest.length ? { form: rest.map(([, text]) => text).join(' ') } : {}) };
}
