/**
 * The ONVIF path's third step: the camera's profiles, with the main stream (most pixels) and a
 * smaller substream already picked, a name, and "Add camera". Profiles Vigil cannot play, or that
 * play only in some browsers (H.265) or cost a re-encode, are listed with a note, so a person knows
 * what to change in the camera.
 */
import { useState, type FormEvent } from 'react';
import type { PreviewResult } from '@vigil/shared/onvif';
import type { FieldErrors } from '../../logic/cameraForm.ts';
import { Field } from '../common/Field.tsx';
import { describeProfile, substreamChoices } from './onvifForm.ts';
import { StreamPicture } from './StreamPicture.tsx';
import type { Profiles } from './useOnvif.ts';
import { WizardFooter } from './WizardFooter.tsx';

export interface OnvifStreamsProps {
  profiles: Profiles;
  defaultName: string;
  errors: FieldErrors;
  busy: boolean;
  onBack(): void;
  onAdd(choice: { name: string; main: string; sub: string | undefined }): void;
  /** One picture from a stream (see StreamPicture). */
  grab(uri: string): Promise<PreviewResult>;
}

/** Name, main stream, substream. */
export function OnvifStreams({ profiles, defaultName, errors, busy, onBack, onAdd, grab }: OnvifStreamsProps) {
  const { device } = profiles;
  const usable = profiles.profiles.filter((p) => p.usable);
  const [name, setName] = useState(defaultName || device.model);
  const [mainToken, setMainToken] = useState(profiles.main ?? '');
  const main = usable.find((p) => p.token === mainToken);
  const subs = substreamChoices(profiles.profiles, main);
  const [subToken, setSubToken] = useState(profiles.sub ?? '');
  const sub = subs.find((p) => p.token === subToken);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (main) onAdd({ name, main: main.token, sub: sub?.token });
  };
  return (
    <form className="card form onvif" onSubmit={submit} noValidate data-testid="onvif-streams">
      <div className="onvif-target">
        <h2>
          {device.manufacturer} {device.model}
        </h2>
        <span className="device-meta">
          {device.firmware && <span>firmware {device.firmware}</span>}
          {device.serial && <span>serial {device.serial}</span>}
        </span>
      </div>
      {usable.length === 0 ? (
        <div className="notice error" role="alert" data-testid="onvif-no-h264">
          <div>
            <strong>This camera offers no stream Vigil can show.</strong>
            <p className="advice">Vigil needs H.264 video. Open the camera’s web page, set a stream’s video encoding to H.264, and sign in again.</p>
          </div>
        </div>
      ) : (
        <>
          <Field name="name" label="Name" error={errors.name} hint="How this camera appears in Vigil, e.g. “Front door”.">
            <input id="field-name" className="input" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
          </Field>
          <div className="field-row">
            <Field name="onvif-main" label="Main stream" hint="Recorded and shown full size.">
              <select id="field-onvif-main" className="input" value={mainToken} onChange={(e) => setMainToken(e.target.value)}>
                {usable.map((p) => (
                  <option key={p.token} value={p.token}>
                    {p.name}: {describeProfile(p)}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="onvif-sub" label="Substream" hint={subs.length ? 'Smaller: for grid tiles and motion, saves this computer’s work.' : 'The camera has no smaller stream.'}>
              <select id="field-onvif-sub" className="input" value={sub?.token ?? ''} onChange={(e) => setSubToken(e.target.value)} disabled={subs.length === 0}>
                <option value="">None</option>
                {subs.map((p) => (
                  <option key={p.token} value={p.token}>
                    {p.name}: {describeProfile(p)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          {main?.uri && <StreamPicture uri={main.uri} grab={grab} />}
        </>
      )}
      <div className="profile-list" aria-label="The camera’s profiles">
        <div className="field-label">Profiles on this camera</div>
        <table className="table">
          <tbody>
            {profiles.profiles.map((p) => (
              <tr key={p.token} data-testid="onvif-profile" data-token={p.token} className={p.usable ? '' : 'unusable'}>
                <td>{p.name}</td>
                <td className="nowrap">{describeProfile(p)}</td>
                <td className="profile-role">
                  {p.token === main?.token ? (
                    <span className="pill ok">Main</span>
                  ) : p.token === sub?.token ? (
                    <span className="pill">Substream</span>
                  ) : (
                    p.note && <span className="profile-note">{p.note}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <WizardFooter error={errors.form} onBack={onBack}>
        <button type="submit" className="btn primary" data-testid="onvif-add" disabled={busy || !main}>
          {busy ? 'Adding…' : 'Add camera'}
        </button>
      </WizardFooter>
    </form>
  );
}
