/**
 * The source part of the camera form for each kind: RTSP, USB, test pattern, file. Cameras
 * without a speaker of their own (all but RTSP) also choose the computer's audio output that
 * plays viewers' talk.
 */
import type { UsbDevice } from '@vigil/shared/api';
import { FRAME_RATES, RESOLUTIONS, type CameraForm, type FieldErrors } from '../../logic/cameraForm.ts';
import { Field } from '../common/Field.tsx';

export interface SourceFieldsProps {
  form: CameraForm;
  errors: FieldErrors;
  change(patch: Partial<CameraForm>): void;
  /** Cameras, microphones and speakers found by the engine (undefined while loading). */
  devices?: UsbDevice[];
}

/** The fields of `form.kind`. */
export function SourceFields(props: SourceFieldsProps) {
  switch (props.form.kind) {
    case 'rtsp':
      return <RtspFields {...props} />;
    case 'usb':
      return <UsbFields {...props} />;
    case 'test-pattern':
      return (
        <>
          <SizeAndRate {...props} />
          <SpeakerField {...props} />
        </>
      );
    case 'file':
      return (
        <>
          <Field name="path" label="Video file" error={props.errors.path} hint="A file on the streamer computer, played in a loop.">
            <input id="field-path" className="input mono" value={props.form.path} onChange={(e) => props.change({ path: e.target.value })} />
          </Field>
          <SpeakerField {...props} />
        </>
      );
  }
}

function RtspFields({ form, errors, change }: SourceFieldsProps) {
  const kept = form.storedCredentials !== undefined;
  return (
    <>
      <Field name="url" label="Stream address (RTSP URL)" error={errors.url} hint="From the camera’s manual or settings, e.g. rtsp://192.168.1.20:554/stream1">
        <input
          id="field-url"
          className="input mono"
          placeholder="rtsp://192.168.1.20:554/stream1"
          value={form.url}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => change({ url: e.target.value })}
        />
      </Field>
      <div className="field-row">
        <Field name="user" label="User name" error={errors.user} hint={kept ? 'Saved. To change them, enter both.' : 'If the camera asks for one.'}>
          <input id="field-user" className="input" value={form.user} autoComplete="off" placeholder={kept ? '(unchanged)' : ''} onChange={(e) => change({ user: e.target.value })} />
        </Field>
        <Field name="password" label="Password" error={errors.password} hint={kept ? 'Leave both empty to keep them.' : undefined}>
          <input
            id="field-password"
            className="input"
            type="password"
            value={form.password}
            autoComplete="new-password"
            placeholder={kept ? '(unchanged)' : ''}
            onChange={(e) => change({ password: e.target.value })}
          />
        </Field>
      </div>
      <Field name="transport" label="Transport" error={errors.transport}>
        <div className="segmented" role="radiogroup" aria-label="Transport" id="field-transport">
          {(['tcp', 'udp'] as const).map((t) => (
            <label key={t} className={`segment${form.transport === t ? ' active' : ''}`}>
              <input type="radio" name="transport" value={t} checked={form.transport === t} onChange={() => change({ transport: t })} />
              {t === 'tcp' ? 'TCP (recommended)' : 'UDP'}
            </label>
          ))}
        </div>
      </Field>
      <Field name="substreamUrl" label="Substream address (optional)" error={errors.substreamUrl} hint="A low-resolution stream of the same camera, used for small previews and motion.">
        <input
          id="field-substreamUrl"
          className="input mono"
          placeholder="rtsp://192.168.1.20:554/stream2"
          value={form.substreamUrl}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => change({ substreamUrl: e.target.value })}
        />
      </Field>
    </>
  );
}

function UsbFields(props: SourceFieldsProps) {
  const { form, errors, change } = props;
  const devices = props.devices?.filter((d) => (d.kind ?? 'video') === 'video');
  const microphones = props.devices?.filter((d) => d.kind === 'audio');
  return (
    <>
      <Field
        name="device"
        label="Camera"
        error={errors.device}
        hint={devices === undefined ? 'Looking for cameras…' : devices.length === 0 ? 'No USB camera was found on the streamer computer. Plug one in and come back.' : undefined}
      >
        <select id="field-device" className="input" value={form.device} onChange={(e) => change({ device: e.target.value })} disabled={!devices?.length}>
          <option value="">{devices?.length ? 'Choose a camera…' : 'No camera found'}</option>
          {devices?.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.id})
            </option>
          ))}
          {form.device && !devices?.some((d) => d.id === form.device) && <option value={form.device}>{form.device} (not connected)</option>}
        </select>
      </Field>
      <Field
        name="microphone"
        label="Microphone"
        hint={microphones === undefined ? 'Looking for microphones…' : microphones.length === 0 ? 'No microphone was found on the streamer computer: this camera will be silent.' : 'The sound that goes with this camera (a webcam’s own microphone is usually listed as “USB Audio”).'}
      >
        <select id="field-microphone" className="input" value={form.microphone} onChange={(e) => change({ microphone: e.target.value })} data-testid="field-microphone">
          <option value="">No sound</option>
          {microphones?.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
          {form.microphone && !microphones?.some((d) => d.id === form.microphone) && <option value={form.microphone}>{form.microphone} (not connected)</option>}
        </select>
      </Field>
      <SpeakerField {...props} />
      <SizeAndRate {...props} />
    </>
  );
}

/** The computer's audio output for viewers' talk (such a camera has no speaker of its own). */
function SpeakerField({ form, errors, change, devices }: SourceFieldsProps) {
  const speakers = devices?.filter((d) => d.kind === 'speaker');
  const chosen = form.speaker || 'default';
  const hint =
    speakers === undefined
      ? 'Looking for speakers…'
      : speakers.length === 0
        ? 'Viewers cannot talk through this camera: playing their voice on this computer is not supported here yet (Windows).'
        : 'Viewers allowed to talk (Viewers screen) are heard on this computer’s speaker: this camera has none of its own.';
  return (
    <Field name="speaker" label="Speaker for talk back" error={errors.speaker} hint={hint}>
      <select id="field-speaker" className="input" value={chosen} onChange={(e) => change({ speaker: e.target.value })} disabled={speakers?.length === 0} data-testid="field-speaker">
        {(speakers === undefined || speakers.length === 0) && <option value="default">System default output</option>}
        {speakers?.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
        {speakers?.length && !speakers.some((d) => d.id === chosen) ? <option value={chosen}>{chosen} (not listed)</option> : null}
      </select>
    </Field>
  );
}

function SizeAndRate({ form, errors, change }: SourceFieldsProps) {
  const sizes = RESOLUTIONS[form.kind === 'usb' ? 'usb' : 'test-pattern'];
  return (
    <div className="field-row">
      <Field name="resolution" label="Resolution" error={errors.resolution}>
        <select id="field-resolution" className="input" value={form.resolution} onChange={(e) => change({ resolution: e.target.value })}>
          {[...new Set([...sizes, form.resolution])].map((r) => (
            <option key={r} value={r}>
              {r.replace('x', ' × ')}
            </option>
          ))}
        </select>
      </Field>
      <Field name="fps" label="Frames per second" error={errors.fps}>
        <select id="field-fps" className="input" value={form.fps} onChange={(e) => change({ fps: Number(e.target.value) })}>
          {[...new Set([...FRAME_RATES, form.fps])].sort((a, b) => a - b).map((f) => (
            <option key={f} value={f}>
              {f} fps
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
