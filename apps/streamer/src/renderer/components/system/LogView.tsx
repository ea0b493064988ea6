/** The engine's recent log: level filter, newest at the bottom, follows new lines unless scrolled up. */
import { useEffect, useRef, useState } from 'react';
import type { LogLevel, LogLine } from '@vigil/shared/api';
import { formatClock } from '../../logic/recordings.ts';

const FILTERS: { level: LogLevel; label: string }[] = [
  { level: 'debug', label: 'All' },
  { level: 'warn', label: 'Warnings' },
  { level: 'error', label: 'Errors' },
];
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The log panel. */
export function LogView({ lines }: { lines: readonly LogLine[] }) {
  const [level, setLevel] = useState<LogLevel>('debug');
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const shown = lines.filter((l) => RANK[l.level] >= RANK[level]);

  useEffect(() => {
    if (follow.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown.length]);

  return (
    <section className="card" data-testid="sys-logs">
      <div className="row-actions">
        <h2>Recent log</h2>
        <span className="muted small">Passwords, tokens and camera credentials are masked.</span>
        <span className="spacer" />
        <div className="segmented">
          {FILTERS.map((f) => (
            <button key={f.level} className={`segment${level === f.level ? ' active' : ''}`} onClick={() => setLevel(f.level)} data-testid={`log-filter-${f.level}`}>
              {f.label}
            </button>
          ))}
        </div>
      </div>
      <div
        ref={box}
        className="log-box"
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {shown.length === 0 && <p className="muted small">Nothing logged{level === 'debug' ? '' : ' at this level'} yet.</p>}
        {shown.map((l) => (
          <div key={l.seq} className={`log-line level-${l.level}`} data-testid="log-line">
            <span className="log-time mono">{formatClock(l.at)}</span>
            <span className={`log-level ${l.level}`}>{l.level}</span>
            <span className="log-msg mono">{l.message}</span>
          </div>
        ))}
      </div>
    </section>
  );
}
