/**
 * The ONVIF path's first step: the engine looks for cameras on the network (WS-Discovery) and
 * lists them; a camera it cannot find (another subnet, discovery switched off) is typed by address.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { DeviceAddress } from '@vigil/shared/onvif';
import { useCameras } from '../../store/cameras.ts';
import { Field } from '../common/Field.tsx';
import { Icon } from '../common/Icons.tsx';
import { alreadyAdded } from './onvifForm.ts';
import type { Onvif, OnvifTarget } from './useOnvif.ts';

export interface OnvifFindProps {
  onvif: Onvif;
  onChosen(target: OnvifTarget): void;
  onBack(): void;
}

/** Search results and the address field. */
export function OnvifFind({ onvif, onChosen, onBack }: OnvifFindProps) {
  const { search } = onvif;
  const cameras = useCameras((s) => s.cameras);
  // Coming back from a typed address that did not work: keep it to correct.
  const [address, setAddress] = useState(onvif.target && !onvif.target.name ? onvif.target.address : '');
  const [addressError, setAddressError] = useState<string>();
  const { find } = onvif;
  // The search starts by itself the first time the step shows.
  useEffect(() => {
    if (search.state === 'idle') void find();
  }, [search.state, find]);

  const typed = (e: FormEvent) => {
    e.preventDefault();
    const parsed = DeviceAddress.safeParse(address);
    if (!parsed.success) return setAddressError(`The address ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
    const host = parsed.data.replace(/^https?:\/\//i, '').split('/')[0]!;
    onChosen({ name: '', host, address: parsed.data });
  };
  const devices = search.state === 'done' ? search.result.devices : [];

  return (
    <div className="card form onvif" data-testid="onvif-find" data-search={search.state}>
      <div className="onvif-head">
        <div>
          <h2>Cameras on your network</h2>
          <p className="muted small">Vigil asks this network for ONVIF cameras; most IP cameras answer.</p>
        </div>
        <button type="button" className="btn" data-testid="onvif-search" onClick={() => void onvif.find()} disabled={search.state === 'searching'}>
          {search.state === 'searching' ? 'Searching…' : 'Search again'}
        </button>
      </div>
      {search.state === 'searching' && (
        <p className="onvif-status muted" data-testid="onvif-searching">
          <span className="spinner inline" aria-hidden="true" /> Looking for cameras… this takes a few seconds.
        </p>
      )}
      {search.state === 'failed' && (
        <div className="notice error small" role="alert" data-testid="onvif-search-failed">
          The search could not run: {search.message}
        </div>
      )}
      {devices.length > 0 && (
        <ul className="device-list" aria-label="Cameras found">
          {devices.map((d) => (
            <li key={d.id}>
              <button type="button" className="device-row" data-testid="onvif-device" data-host={d.host} onClick={() => onChosen({ name: d.name, model: d.model, host: d.host, address: d.xaddr })}>
                <span className="kind-icon small" aria-hidden="true">
                  <Icon name="camera" />
                </span>
                <span className="device-text">
                  <span className="device-name">{d.name}</span>
                  <span className="device-meta">
                    {d.model && <span>{d.model}</span>}
                    <span className="mono">{d.host}</span>
                  </span>
                </span>
                {alreadyAdded(cameras, d.host) && <span className="pill">Already added</span>}
                <span className="device-go">Choose →</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {search.state === 'done' && search.result.probed.length === 0 && (
        <div className="notice error small" role="alert" data-testid="onvif-no-network">
          This computer has no network connection to search on{search.result.warnings.length ? ` (${search.result.warnings.join('; ')})` : ''}. Connect it to the cameras’ network, or enter an address below.
        </div>
      )}
      {search.state === 'done' && search.result.probed.length > 0 && search.result.warnings.length > 0 && (
        <p className="muted small onvif-status" data-testid="onvif-warnings">
          Not searched from {search.result.warnings.join('; ')}.
        </p>
      )}
      {search.state === 'done' && search.result.probed.length > 0 && devices.length === 0 && (
        <div className="notice warn onvif-none" data-testid="onvif-none">
          <div>
            <strong>No camera answered.</strong>
            <ul className="advice-list">
              <li>Check that the camera is powered and on the same network as this computer.</li>
              <li>Some cameras ship with ONVIF switched off: turn it on in the camera’s web page or app (often under Network → ONVIF).</li>
              <li>Cameras on another subnet or VLAN cannot be found this way: enter the address below.</li>
            </ul>
          </div>
        </div>
      )}
      <form className="onvif-address" onSubmit={typed} noValidate>
        <Field name="onvif-address" label="Or enter the camera’s address" error={addressError} hint="Its IP address, e.g. 192.168.1.30; add :port if its ONVIF port is not 80 (e.g. 192.168.1.30:8000).">
          <div className="copy-row">
            <input
              id="field-onvif-address"
              className="input mono"
              placeholder="192.168.1.30"
              value={address}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => {
                setAddress(e.target.value);
                setAddressError(undefined);
              }}
            />
            <button type="submit" className="btn" data-testid="onvif-address-go">
              Continue
            </button>
          </div>
        </Field>
      </form>
      <div className="wizard-actions">
        <button type="button" className="btn" onClick={onBack}>
          Back
        </button>
      </div>
    </div>
  );
}
