/** Weekly windows (quiet hours, armed schedule): days and a from–to time each, added and removed in place. */
import type { WeeklyWindow } from '@vigil/shared/alerts';
import { DAYS } from './format.ts';

export interface WindowsEditorProps {
  windows: WeeklyWindow[];
  onChange(windows: WeeklyWindow[]): void;
  testId: string;
  addLabel: string;
}

/** The editor. */
export function WindowsEditor({ windows, onChange, testId, addLabel }: WindowsEditorProps) {
  const update = (i: number, patch: Partial<WeeklyWindow>) => onChange(windows.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  return (
    <div className="alerts-windows" data-testid={testId}>
      {windows.map((w, i) => (
        <div className="alerts-window" key={i}>
          <span className="alerts-days" role="group" aria-label="Days">
            {DAYS.map((label, d) => (
              <label key={label} className={`alerts-day${w.days.includes(d) ? ' on' : ''}`}>
                <input
                  type="checkbox"
                  checked={w.days.includes(d)}
                  onChange={(e) => update(i, { days: e.target.checked ? [...w.days, d].sort() : w.days.filter((x) => x !== d) })}
                />
                {label}
              </label>
            ))}
          </span>
          <input className="input alerts-time" type="time" aria-label="From" data-testid={`${testId}-from-${i}`} value={w.from} onChange={(e) => update(i, { from: e.target.value })} />
          <span className="muted">to</span>
          <input className="input alerts-time" type="time" aria-label="To" data-testid={`${testId}-to-${i}`} value={w.to} onChange={(e) => update(i, { to: e.target.value })} />
          <button type="button" className="btn small" onClick={() => onChange(windows.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      {windows.length < 14 && (
        <button type="button" className="btn small" data-testid={`${testId}-add`} onClick={() => onChange([...windows, { days: [0, 1, 2, 3, 4, 5, 6], from: '22:00', to: '07:00' }])}>
          {addLabel}
        </button>
      )}
    </div>
  );
}

/** What is wrong with `windows`, if anything. */
export function checkWindows(windows: WeeklyWindow[]): string | undefined {
  for (const w of windows) {
    if (w.days.length === 0) return 'Each window needs at least one day.';
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(w.from) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(w.to)) return 'Times are HH:MM.';
  }
  return undefined;
}
