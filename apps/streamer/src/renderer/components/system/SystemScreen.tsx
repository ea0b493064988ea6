/** The System screen: how the engine and its computer are doing, each camera's figures, and the recent log. */
import { useEffect } from 'react';
import { formatBitrate } from '../../logic/format.ts';
import { formatBytes } from '../../logic/recordings.ts';
import { formatUptime } from '../../logic/system.ts';
import { useApp } from '../../store/app.ts';
import { useSystem } from '../../store/system.ts';
import { StateBadge } from '../cameras/StateBadge.tsx';
import { LogView } from './LogView.tsx';
import { Sparkline } from './Sparkline.tsx';
import './system.css';

/** How often figures and log lines are fetched. */
const REFRESH_MS = 2000;

function Meter({ value, max }: { value: number; max: number }) {
  const pct = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div className={`meter${pct > 90 ? ' high' : pct > 70 ? ' mid' : ''}`} aria-hidden="true">
      <span style={{ width: `${pct}%` }} />
    </div>
  );
}

/** The System screen. */
export function SystemScreen() {
  const { view, cpuHistory, logs, error } = useSystem();
  const setScreen = useApp((s) => s.setScreen);

  useEffect(() => {
    void useSystem.getState().refresh();
    const timer = setInterval(() => void useSystem.getState().refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  if (!view) return error ? <div className="page"><div className="notice error">The engine's figures could not be read: {error}</div></div> : <div className="loading">Reading the figures…</div>;
  const memUsed = view.memory.total - view.memory.free;
  const diskUsed = view.disk ? view.disk.total - view.disk.free : 0;
  return (
    <div className="page wide" data-testid="system-screen">
      <div className="page-head row">
        <div>
          <h1>System</h1>
          <p className="muted">
            Vigil {view.version} on {view.hostname} · Node {view.node} · {view.platform}
          </p>
        </div>
        <span className="muted small" data-testid="system-uptime">
          Engine up {formatUptime(view.uptimeSeconds.engine)} · computer up {formatUptime(view.uptimeSeconds.machine)}
        </span>
      </div>
      {error && <div className="notice error small">The last refresh failed: {error}</div>}
      {/* Problems the engine needs the owner for (e.g. alerts held in memory on a full disk). */}
      {/* Alerts waiting for a channel (a first run) are news, not an error: they offer the way out. */}
      {(view.problems ?? []).map((problem, index) => (
        <div key={`${index}:${problem.source}:${problem.since}`} className={`notice${problem.source === 'alerts-waiting' ? '' : ' error'}`} data-testid="sys-problem" data-source={problem.source}>
          {problem.message}
          {problem.source === 'alerts-waiting' && (
            <>
              {' '}
              <button className="btn small" onClick={() => setScreen('alerts')}>
                Add a channel
              </button>
            </>
          )}
        </div>
      ))}
      <div className="sys-grid">
        <section className="card sys-card" data-testid="sys-cpu">
          <h2>CPU</h2>
          <div className="sys-figure">
            <strong data-testid="sys-cpu-machine">{view.cpu.machine.toFixed(0)}%</strong>
            <span className="muted small">of {view.cpu.cores} cores · load {view.cpu.load1}</span>
          </div>
          <Sparkline values={cpuHistory.map((s) => s.machine)} max={100} />
          <div className="spark-caption muted small">
            <span>last 2 minutes</span>
            <span>now</span>
          </div>
          <p className="small">
            Vigil engine: <strong data-testid="sys-cpu-process">{view.cpu.process.toFixed(1)}%</strong> <span className="muted">of one core</span>
          </p>
        </section>
        <section className="card sys-card" data-testid="sys-memory">
          <h2>Memory</h2>
          <div className="sys-figure">
            <strong>{formatBytes(memUsed)}</strong>
            <span className="muted small">used of {formatBytes(view.memory.total)}</span>
          </div>
          <Meter value={memUsed} max={view.memory.total} />
          <p className="small">
            Vigil engine: <strong data-testid="sys-rss">{formatBytes(view.memory.rss)}</strong>
          </p>
        </section>
        <section className="card sys-card" data-testid="sys-disk">
          <h2>Recordings disk</h2>
          {view.disk ? (
            <>
              <div className="sys-figure">
                <strong>{formatBytes(view.disk.free)}</strong>
                <span className="muted small">free of {formatBytes(view.disk.total)}</span>
              </div>
              <Meter value={diskUsed} max={view.disk.total} />
              <p className="small muted mono ellipsis" title={view.disk.path}>
                {view.disk.path}
              </p>
            </>
          ) : (
            <p className="muted">Not readable.</p>
          )}
        </section>
      </div>
      <section className="card">
        <h2>Cameras</h2>
        {view.cameras.length === 0 ? (
          <p className="muted">No cameras yet.</p>
        ) : (
          <table className="table" data-testid="sys-cameras">
            <thead>
              <tr>
                <th>Camera</th>
                <th>State</th>
                <th>Frame rate</th>
                <th>Bitrate</th>
                <th>Watching</th>
              </tr>
            </thead>
            <tbody>
              {view.cameras.map((c) => (
                <tr key={c.id} data-testid={`sys-camera-${c.id}`}>
                  <td>
                    <strong>{c.name}</strong> <span className="muted small mono">{c.id}</span>
                  </td>
                  <td>
                    <StateBadge state={c.state} />
                  </td>
                  <td data-testid={`sys-fps-${c.id}`}>{c.fps > 0 ? `${c.fps.toFixed(1)} fps` : '—'}</td>
                  <td>{c.bitrateKbps > 0 ? formatBitrate(c.bitrateKbps) : '—'}</td>
                  <td>{c.viewers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <LogView lines={logs} />
    </div>
  );
}
