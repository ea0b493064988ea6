/**
 * Health alerts: for each kind (camera offline, recording failing, …) a switch, the delay before it
 * fires and which channels receive it. Every change is saved at once (PUT /api/alerts).
 */
import { useState } from 'react';
import { HealthKind, type AlertsConfigInput, type HealthConfig } from '@vigil/shared/alerts';
import { ApiRequestError } from '../../api/client.ts';
import { toInput, useAlerts } from '../../store/alerts.ts';

/** Kinds that last (and so wait their delay); the others are one-off events, alerted at once. */
const LASTING = new Set<HealthKind>(['camera-offline', 'recording-failing', 'storage']);

const KINDS: Record<HealthKind, { label: string; what: string }> = {
  'camera-offline': { label: 'Camera offline', what: 'and back, with how long it was gone' },
  'recording-failing': { label: 'Recording failing', what: 'recorder errors, writes failing, no new footage' },
  storage: { label: 'Storage', what: 'full within a day, or young footage deleted to make room' },
  integrity: { label: 'Integrity', what: 'a recorded file changed or missing' },
  'engine-restart': { label: 'Crash restart', what: 'the engine restarted after a crash' },
  'clock-jump': { label: 'Clock jump', what: 'the clock moved, so timestamps around it mislead' },
  'weekly-digest': { label: 'Weekly digest', what: 'per camera: recorded, watched, events, alerts sent, gaps' },
};

/** The section. */
export function HealthSection() {
  const view = useAlerts((s) => s.view);
  const save = useAlerts((s) => s.save);
  const [error, setError] = useState<string>();
  if (!view) return null;
  const health = view.config.health;
  const channels = view.config.channels;

  const change = async (kind: HealthKind, patch: Partial<HealthConfig[HealthKind]>) => {
    const next: AlertsConfigInput = { ...toInput(view), health: { ...health, [kind]: { ...health[kind], ...patch } } };
    try {
      setError(undefined);
      await save(next);
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : String(e));
    }
  };
  const toggleChannel = (kind: HealthKind, channel: string, on: boolean) => {
    const muted = health[kind].muted.filter((id) => id !== channel);
    void change(kind, { muted: on ? muted : [...muted, channel] });
  };

  return (
    <section className="card pad stack" data-testid="alerts-health">
      <h2>Health alerts</h2>
      <p className="muted">Vigil tells you when it stops watching. A problem must last the delay before anyone is told, so a blip stays quiet.</p>
      <table className="table">
        <thead>
          <tr>
            <th>Problem</th>
            <th>On</th>
            <th>Delay</th>
            {channels.map((c) => (
              <th key={c.id}>{c.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {HealthKind.options.map((kind) => (
            <tr key={kind} data-testid={`health-${kind}`}>
              <td>
                <strong>{KINDS[kind].label}</strong> <span className="muted small">{KINDS[kind].what}</span>
              </td>
              <td>
                <input type="checkbox" aria-label={`${KINDS[kind].label} alerts`} checked={health[kind].enabled} onChange={(e) => void change(kind, { enabled: e.target.checked })} />
              </td>
              <td>
                {LASTING.has(kind) ? (
                  <>
                <input
                  className="input alerts-delay"
                  type="number"
                  min={0}
                  max={86_400}
                  aria-label={`${KINDS[kind].label} delay in seconds`}
                  defaultValue={health[kind].delaySec}
                  onBlur={(e) => Number(e.target.value) !== health[kind].delaySec && void change(kind, { delaySec: Math.round(Number(e.target.value)) })}
                />{' '}
                s
                  </>
                ) : (
                  <span className="muted small">at once</span>
                )}
              </td>
              {channels.map((c) => (
                <td key={c.id}>
                  <input type="checkbox" aria-label={`${KINDS[kind].label} to ${c.name}`} checked={!health[kind].muted.includes(c.id)} onChange={(e) => toggleChannel(kind, c.id, e.target.checked)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {channels.length === 0 && <p className="muted small">No channel yet: health alerts wait in the outbox until you add one.</p>}
      {error && (
        <div className="field-error" role="alert" data-testid="health-error">
          {error}
        </div>
      )}
    </section>
  );
}
