/**
 * The remote-access settings: port mapping and media ports, STUN, TURN servers (secrets write-only:
 * "set" with an empty field keeps them) and relays. Checked with the shared schema first; the
 * engine's refusal shows on the field it names.
 */
import { useEffect, useState } from 'react';
import type { RemoteSettingsPatch, RemoteSettingsView } from '@vigil/shared/remote';
import { ApiRequestError } from '../../api/client.ts';
import { errorsFromIssues, formFromSettings, newRelayRow, newTurnRow, patchFromForm, validateRemoteForm, type RemoteFormErrors, type RemoteFormValues } from '../../logic/remoteForm.ts';
import { useRemote } from '../../store/remote.ts';
import { Field } from '../common/Field.tsx';

/** The settings form, filled from the saved settings. */
export function RemoteSettingsForm({ settings }: { settings: RemoteSettingsView }) {
  const [values, setValues] = useState<RemoteFormValues>(() => formFromSettings(settings));
  const [errors, setErrors] = useState<RemoteFormErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  // Saved (here or elsewhere): the form shows what the engine has now.
  useEffect(() => setValues(formFromSettings(settings)), [settings]);

  const change = (next: Partial<RemoteFormValues>) => (setValues((v) => ({ ...v, ...next })), setSaved(false));
  const turnRow = (i: number, next: Partial<RemoteFormValues['turn'][number]>) => change({ turn: values.turn.map((t, j) => (j === i ? { ...t, ...next } : t)) });
  const relayRow = (i: number, next: Partial<RemoteFormValues['relays'][number]>) => change({ relays: values.relays.map((r, j) => (j === i ? { ...r, ...next } : r)) });

  const submit = async () => {
    const found = validateRemoteForm(values);
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await useRemote.getState().save(patchFromForm(values) as RemoteSettingsPatch);
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiRequestError && error.issues?.length) setErrors(errorsFromIssues(error.issues));
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card form remote-form"
      data-testid="remote-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>Settings</h2>
      <div className="remote-form-section">
        <h3>Your router</h3>
        <label className="switch">
          <input type="checkbox" data-testid="remote-portMapping" checked={values.portMapping} onChange={(e) => change({ portMapping: e.target.checked })} />
          Ask the router to open the ports (UPnP, NAT-PMP or PCP)
        </label>
        <div className="field-row">
          <Field name="mediaPorts" label="Media ports (UDP)" hint="The ports live video uses; the router opens exactly these (at most 256). Empty: any free port, nothing forwarded." error={errors.mediaPorts}>
            <div className="port-range">
              <input id="field-mediaPorts" className="input mono" inputMode="numeric" aria-label="First media port" data-testid="remote-media-min" value={values.mediaMin} onChange={(e) => change({ mediaMin: e.target.value })} />
              <span className="muted">to</span>
              <input className="input mono" inputMode="numeric" aria-label="Last media port" data-testid="remote-media-max" value={values.mediaMax} onChange={(e) => change({ mediaMax: e.target.value })} />
            </div>
          </Field>
        </div>
      </div>

      <div className="remote-form-section">
        <h3>STUN</h3>
        <Field name="stun" label="STUN servers" hint="One per line, like stun:stun.example.org:3478. They tell the streamer and each viewer their public address." error={errors.stun}>
          <textarea id="field-stun" className="input mono" rows={2} data-testid="remote-stun" value={values.stun} onChange={(e) => change({ stun: e.target.value })} />
        </Field>
      </div>

      <div className="remote-form-section">
        <h3>TURN</h3>
        <p className="small muted">A TURN server relays the video of viewers on strict networks (symmetric NAT). It shares a secret with this streamer (coturn's use-auth-secret); each viewer gets credentials made from it.</p>
        {values.turn.map((t, i) => (
          <div className="remote-row" key={i} data-testid={`turn-${i}`}>
            <Field name={`turn-${i}-urls`} label="URLs" hint="One per line: turn:host:3478, turns:host:5349" error={errors[`turn.${i}.urls`]}>
              <textarea id={`field-turn-${i}-urls`} className="input mono" rows={2} data-testid={`turn-${i}-urls`} value={t.urls} onChange={(e) => turnRow(i, { urls: e.target.value })} />
            </Field>
            <Field name={`turn-${i}-secret`} label="Shared secret" hint={t.hasSecret ? 'Set. Leave empty to keep it.' : "coturn's static-auth-secret, 16 characters or more"} error={errors[`turn.${i}.secret`]}>
              <input
                id={`field-turn-${i}-secret`}
                className="input mono"
                type="password"
                autoComplete="new-password"
                placeholder={t.hasSecret ? 'set' : ''}
                data-testid={`turn-${i}-secret`}
                value={t.secret}
                onChange={(e) => turnRow(i, { secret: e.target.value })}
              />
            </Field>
            <Field name={`turn-${i}-ttl`} label="Credentials last (s)" error={errors[`turn.${i}.ttlSeconds`]}>
              <input id={`field-turn-${i}-ttl`} className="input mono ttl" inputMode="numeric" value={t.ttlSeconds} onChange={(e) => turnRow(i, { ttlSeconds: e.target.value })} />
            </Field>
            <button type="button" className="btn small remove" onClick={() => change({ turn: values.turn.filter((_, j) => j !== i) })}>
              Remove
            </button>
          </div>
        ))}
        {values.turn.length < 4 && (
          <button type="button" className="btn small add" data-testid="turn-add" onClick={() => change({ turn: [...values.turn, newTurnRow()] })}>
            Add a TURN server
          </button>
        )}
      </div>

      <div className="remote-form-section">
        <h3>Relays</h3>
        <p className="small muted">A relay (vigil-signal on a server with a public address) carries viewers in when your router cannot be opened.</p>
        {values.relays.map((r, i) => (
          <div className="remote-row relay-row" key={i} data-testid={`relay-${i}`}>
            <Field name={`relay-${i}-url`} label="Address" error={errors[`relays.${i}.url`]}>
              <input id={`field-relay-${i}-url`} className="input mono" placeholder="wss://relay.example.org" data-testid={`relay-${i}-url`} value={r.url} onChange={(e) => relayRow(i, { url: e.target.value })} />
            </Field>
            <Field name={`relay-${i}-pin`} label="Key pin" hint="Printed by vigil-signal; empty for a certificate from a public authority" error={errors[`relays.${i}.fingerprint`]}>
              <input id={`field-relay-${i}-pin`} className="input mono" data-testid={`relay-${i}-pin`} value={r.fingerprint} onChange={(e) => relayRow(i, { fingerprint: e.target.value })} />
            </Field>
            <button type="button" className="btn small remove" onClick={() => change({ relays: values.relays.filter((_, j) => j !== i) })}>
              Remove
            </button>
          </div>
        ))}
        {values.relays.length < 3 && (
          <button type="button" className="btn small add" data-testid="relay-add" onClick={() => change({ relays: [...values.relays, newRelayRow()] })}>
            Add a relay
          </button>
        )}
      </div>

      {failure && (
        <div className="notice error small" data-testid="remote-save-error">
          Not saved: {failure}
        </div>
      )}
      <div className="remote-form-footer">
        {saved && (
          <span className="muted small" data-testid="remote-saved">
            Saved
          </span>
        )}
        <button type="submit" className="btn primary" disabled={busy} data-testid="remote-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
