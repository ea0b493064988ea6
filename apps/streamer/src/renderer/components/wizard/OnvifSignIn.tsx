/**
 * The ONVIF path's second step: the camera's own user name and password, checked by asking the
 * camera for its profiles. A refusal, an address that does not answer or a device that is not
 * ONVIF comes back as words on the field concerned.
 */
import type { FormEvent } from 'react';
import { Field } from '../common/Field.tsx';
import type { Onvif } from './useOnvif.ts';
import { WizardFooter } from './WizardFooter.tsx';

export interface OnvifSignInProps {
  onvif: Onvif;
  onSignedIn(): void;
  onBack(): void;
}

/** Credentials form for the chosen camera. */
export function OnvifSignIn({ onvif, onSignedIn, onBack }: OnvifSignInProps) {
  const { target, errors, signingIn } = onvif;
  if (!target) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onvif.signIn()) onSignedIn();
  };
  return (
    <form className="card form onvif" onSubmit={(e) => void submit(e)} noValidate data-testid="onvif-sign-in">
      <div className="onvif-target">
        <h2>{target.name || `Camera at ${target.host}`}</h2>
        {target.name && (
          <span className="device-meta">
            {target.model && <span>{target.model}</span>}
            <span className="mono">{target.host}</span>
          </span>
        )}
      </div>
      {errors.address && (
        <div className="notice error small" role="alert" data-testid="error-address">
          {errors.address}
        </div>
      )}
      <p className="muted small onvif-explain">
        Enter the camera’s own user name and password (from its web page or app, often set when it was first installed), not this computer’s.
      </p>
      <div className="field-row">
        <Field name="onvif-user" label="User name" error={errors.user} hint="Often “admin”.">
          <input id="field-onvif-user" className="input" value={onvif.user} autoComplete="off" autoFocus onChange={(e) => onvif.setUser(e.target.value)} />
        </Field>
        <Field name="onvif-password" label="Password" error={errors.password}>
          <input id="field-onvif-password" className="input" type="password" value={onvif.password} autoComplete="new-password" onChange={(e) => onvif.setPassword(e.target.value)} />
        </Field>
      </div>
      <WizardFooter error={errors.form} onBack={onBack}>
        <button type="submit" className="btn primary" data-testid="onvif-sign-in-go" disabled={signingIn}>
          {signingIn ? (
            <>
              <span className="spinner inline" aria-hidden="true" /> Asking the camera…
            </>
          ) : (
            'Sign in'
          )}
        </button>
      </WizardFooter>
    </form>
  );
}
