/** Add or edit one channel: e-mail (SMTP) or Telegram. Checked here first; the engine's refusal shows below. */
import { useState } from 'react';
import type { ChannelView } from '@vigil/shared/alerts';
import { ApiRequestError } from '../../api/client.ts';
import { toInput, useAlerts } from '../../store/alerts.ts';
import { Field } from '../common/Field.tsx';
import { channelToForm, emptyChannel, formToInput, newId, validateChannel, type ChannelFormErrors, type ChannelFormValues } from './channelForm.ts';

export interface ChannelFormProps {
  /** The channel being edited; absent for a new one. */
  editing?: ChannelView;
  onDone(): void;
}

/** The channel form. */
export function ChannelForm({ editing, onDone }: ChannelFormProps) {
  const view = useAlerts((s) => s.view);
  const save = useAlerts((s) => s.save);
  const [values, setValues] = useState<ChannelFormValues>(() => (editing ? channelToForm(editing.config) : emptyChannel('email')));
  const [errors, setErrors] = useState<ChannelFormErrors>({});
  const [serverError, setServerError] = useState<{ message: string; issues?: string[] }>();
  const [busy, setBusy] = useState(false);
  const hasSecret = editing?.hasSecret ?? false;
  const set = <K extends keyof ChannelFormValues>(key: K, value: ChannelFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const submit = async () => {
    if (!view) return;
    const found = validateChannel(values, hasSecret);
    setErrors(found);
    setServerError(undefined);
    if (Object.keys(found).length > 0) return;
    const config = toInput(view);
    const id = editing?.config.id ?? newId(values.name, view.config.channels.map((c) => c.id));
    const input = formToInput(id, values);
    const channels = config.channels ?? [];
    config.channels = editing ? channels.map((c) => (c.id === id ? input : c)) : [...channels, input];
    // A first channel gets a rule sending every camera's motion to it, so it works at once.
    if (!editing && (config.rules ?? []).length === 0) config.rules = [{ id: 'all-motion', name: 'All motion', channels: [id], cooldownSec: 60 }];
    setBusy(true);
    try {
      await save(config);
      onDone();
    } catch (error) {
      if (error instanceof ApiRequestError) setServerError({ message: error.message, issues: error.issues });
      else setServerError({ message: String(error) });
    } finally {
      setBusy(false);
    }
  };

  const input = (key: keyof ChannelFormValues, extra: Record<string, unknown> = {}) => ({
    id: `field-${key}`,
    className: 'input',
    'data-testid': `channel-${key}`,
    value: String(values[key]),
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as never),
    'aria-invalid': errors[key] ? true : undefined,
    ...extra,
  });

  return (
    <form
      className="form card pad alerts-form"
      data-testid="channel-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{editing ? `Edit “${editing.config.name}”` : 'Add a channel'}</h2>
      {!editing && (
        <div className="segmented" role="radiogroup" aria-label="Channel type">
          {(['email', 'telegram'] as const).map((type) => (
            <label key={type} className={`segment${values.type === type ? ' active' : ''}`}>
              <input type="radio" name="channel-type" data-testid={`channel-type-${type}`} checked={values.type === type} onChange={() => setValues({ ...emptyChannel(type) })} />
              {type === 'email' ? 'E-mail (SMTP)' : 'Telegram'}
            </label>
          ))}
        </div>
      )}
      <div className="field-row">
        <Field name="name" label="Name" error={errors.name}>
          <input {...input('name')} maxLength={80} />
        </Field>
        <label className="switch alerts-enabled">
          <input type="checkbox" data-testid="channel-enabled" checked={values.enabled} onChange={(e) => set('enabled', e.target.checked)} />
          Enabled
        </label>
      </div>
      {values.type === 'email' ? (
        <>
          <div className="field-row">
            <Field name="host" label="Mail server" hint="e.g. smtp.gmail.com" error={errors.host}>
              <input {...input('host')} placeholder="smtp.example.com" autoComplete="off" />
            </Field>
            <Field name="port" label="Port" error={errors.port}>
              <input {...input('port')} inputMode="numeric" />
            </Field>
            <Field name="security" label="Security">
              <select
                id="field-security"
                className="input"
                data-testid="channel-security"
                value={values.security}
                onChange={(e) => {
                  const security = e.target.value as ChannelFormValues['security'];
                  setValues((v) => ({ ...v, security, port: v.port === '587' || v.port === '465' || v.port === '25' ? (security === 'tls' ? '465' : security === 'none' ? '25' : '587') : v.port }));
                }}
              >
                <option value="starttls">STARTTLS (port 587)</option>
                <option value="tls">TLS (port 465)</option>
                <option value="none">None (trusted local relay only)</option>
              </select>
            </Field>
          </div>
          <div className="field-row">
            <Field name="user" label="User name" error={errors.user}>
              <input {...input('user')} autoComplete="off" />
            </Field>
            <Field name="password" label="Password" hint={hasSecret ? 'A password is stored; leave empty to keep it.' : 'Often an app password from your mail provider.'} error={errors.password}>
              <input {...input('password')} type="password" autoComplete="new-password" placeholder={hasSecret ? '•••••••• (unchanged)' : ''} />
            </Field>
          </div>
          <div className="field-row">
            <Field name="from" label="From" error={errors.from}>
              <input {...input('from')} placeholder="vigil@example.com" />
            </Field>
            <Field name="to" label="To" hint="One or more addresses, separated by commas." error={errors.to}>
              <input {...input('to')} placeholder="me@example.com" />
            </Field>
          </div>
          <Field name="ca" label="Server certificate (optional)" hint="Only for a private mail server with its own certificate (PEM)." error={errors.ca}>
            <textarea {...input('ca')} rows={2} spellCheck={false} className="input mono" />
          </Field>
        </>
      ) : (
        <div className="field-row">
          <Field name="botToken" label="Bot token" hint={hasSecret ? 'A token is stored; leave empty to keep it.' : 'From @BotFather.'} error={errors.botToken}>
            <input {...input('botToken')} type="password" autoComplete="off" placeholder={hasSecret ? '•••••••• (unchanged)' : '123456789:AA…'} />
          </Field>
          <Field name="chatId" label="Chat id" hint="Your user id, a group id (negative) or @channel." error={errors.chatId}>
            <input {...input('chatId')} />
          </Field>
        </div>
      )}
      {serverError && (
        <div className="notice error" role="alert" data-testid="channel-form-error">
          <strong>The engine refused it:</strong> {serverError.message}
          {serverError.issues && serverError.issues.length > 0 && (
            <ul>
              {serverError.issues.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="alerts-actions">
        <button type="submit" className="btn primary" data-testid="channel-save" disabled={busy}>
          {busy ? 'Saving…' : 'Save channel'}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
