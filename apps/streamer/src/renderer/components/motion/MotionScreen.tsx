/**
 * Motion zones: pick a camera, turn detection on or off, draw zones (where motion counts, each
 * with its sensitivity and smallest area) and masks (never analysed) over the live picture with
 * the live motion boxes, save with PUT /api/cameras/:id, and watch recent motion events.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CameraView } from '@vigil/shared/api';
import type { MotionConfigInput } from '@vigil/shared/motion';
import { openEventStream } from '../../api/events.ts';
import { nextId, polygonProblem, type Point } from '../../logic/polygon.ts';
import { useApp } from '../../store/app.ts';
import { useCameras } from '../../store/cameras.ts';
import { useMotion } from '../../store/motion.ts';
import { MotionCanvas } from './MotionCanvas.tsx';
import { useMotionPreview } from './useMotionPreview.ts';
import './motion.css';

interface ZoneDraft {
  id: string;
  name: string;
  polygon: Point[];
  sensitivity: number;
  minArea: number;
}
interface MaskDraft {
  id: string;
  polygon: Point[];
}
interface Draft {
  enabled: boolean;
  zones: ZoneDraft[];
  masks: MaskDraft[];
}

const DEFAULT_SENSITIVITY = 0.5;
const DEFAULT_MIN_AREA = 0.001;
/** The min-area slider's top: 5 % of the frame. */
const MAX_MIN_AREA = 0.05;

function draftOf(camera: CameraView | undefined): Draft {
  const m = camera?.config.motion;
  return {
    enabled: m?.enabled ?? false,
    zones: (m?.zones ?? []).map((z) => ({ id: z.id, name: z.name, polygon: z.polygon as Point[], sensitivity: z.sensitivity ?? DEFAULT_SENSITIVITY, minArea: z.minArea ?? DEFAULT_MIN_AREA })),
    masks: (m?.masks ?? []).map((k) => ({ id: k.id, polygon: k.polygon as Point[] })),
  };
}

const pct = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`;
const time = (ms: number) => new Date(ms).toLocaleTimeString();

export function MotionScreen() {
  const api = useApp((s) => s.api);
  const cameras = useCameras((s) => s.cameras);
  const loaded = useCameras((s) => s.loaded);
  const cameraId = useMotion((s) => s.cameraId);
  const select = useMotion((s) => s.select);
  const recent = useMotion((s) => s.recent);
  const camera = cameras.find((c) => c.config.id === cameraId) ?? cameras[0];
  const id = camera?.config.id;

  const [draft, setDraft] = useState<Draft>(() => draftOf(camera));
  const [dirty, setDirty] = useState(false);
  const [drawing, setDrawing] = useState<'zone' | 'mask'>();
  const [points, setPoints] = useState<Point[]>([]);
  const [drawError, setDrawError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [saveMessage, setSaveMessage] = useState<{ ok: boolean; text: string }>();

  // A new camera (or its config loaded) resets the form, unless there are unsaved changes.
  const configKey = JSON.stringify(camera?.config.motion ?? null);
  useEffect(() => {
    setDraft(draftOf(camera));
    setDirty(false);
    setDrawing(undefined);
    setPoints([]);
    setDrawError(undefined);
    setSaveMessage(undefined);
  }, [id]);
  useEffect(() => {
    if (!dirty) setDraft(draftOf(camera));
  }, [configKey]);

  // Motion events for the list: the screen's own event stream while it is shown.
  useEffect(() => {
    if (!api) return;
    return openEventStream(api.connection, { onEvent: (e) => useMotion.getState().applyEvent(e), onStatus: () => undefined });
  }, [api]);

  const live = camera?.state.state === 'live';
  const { stream, error, boxes } = useMotionPreview(id, live);
  const source = camera?.config.source;
  const aspect = source && 'width' in source && 'height' in source && source.width && source.height ? source.width / source.height : 16 / 9;

  const edit = (change: (d: Draft) => Draft) => {
    setDraft(change);
    setDirty(true);
    setSaveMessage(undefined);
  };
  const startDrawing = (kind: 'zone' | 'mask') => {
    setDrawing(kind);
    setPoints([]);
    setDrawError(undefined);
  };
  const finish = () => {
    const problem = polygonProblem(points);
    if (problem) return setDrawError(problem);
    if (drawing === 'zone') {
      edit((d) => {
        const zoneId = nextId('zone', d.zones.map((z) => z.id));
        return { ...d, zones: [...d.zones, { id: zoneId, name: `Zone ${zoneId.slice(5)}`, polygon: points, sensitivity: DEFAULT_SENSITIVITY, minArea: DEFAULT_MIN_AREA }] };
      });
    } else {
      edit((d) => ({ ...d, masks: [...d.masks, { id: nextId('mask', d.masks.map((m) => m.id)), polygon: points }] }));
    }
    setDrawing(undefined);
    setPoints([]);
    setDrawError(undefined);
  };
  const cancelDrawing = () => {
    setDrawing(undefined);
    setPoints([]);
    setDrawError(undefined);
  };
  const setZone = (zoneId: string, change: Partial<ZoneDraft>) => edit((d) => ({ ...d, zones: d.zones.map((z) => (z.id === zoneId ? { ...z, ...change } : z)) }));

  const unnamed = draft.zones.find((z) => !z.name.trim());
  const save = async () => {
    if (!api || !camera) return;
    if (unnamed) return setSaveMessage({ ok: false, text: 'Every zone needs a name.' });
    setSaving(true);
    setSaveMessage(undefined);
    const motion: MotionConfigInput = {
      ...(camera.config.motion ?? {}),
      enabled: draft.enabled,
      zones: draft.zones.map((z) => ({ ...z, name: z.name.trim() })),
      masks: draft.masks,
    };
    try {
      const view = await api.updateCamera(camera.config.id, { ...camera.config, motion });
      useCameras.getState().upsert(view);
      setDirty(false);
      setDraft(draftOf(view));
      setSaveMessage({ ok: true, text: 'Saved.' });
    } catch (e) {
      const issues = (e as { issues?: string[] }).issues;
      setSaveMessage({ ok: false, text: [(e as Error).message, ...(issues ?? [])].join(' ') });
    } finally {
      setSaving(false);
    }
  };

  const zoneNames = useMemo(() => Object.fromEntries(draft.zones.map((z) => [z.id, z.name])), [draft.zones]);
  const events = recent.filter((r) => r.camera === id);

  if (!loaded) return <div className="loading">Loading…</div>;
  if (!camera) {
    return (
      <div className="empty" data-testid="motion-screen">
        <p>No cameras yet. Add a camera first, then tune its motion detection here.</p>
      </div>
    );
  }

  const overlay = stream ? undefined : camera.state.state === 'stopped' ? 'Camera turned off' : error ? `Preview unavailable: ${error}` : 'Connecting…';
  return (
    <div className="motion-page" data-testid="motion-screen">
      <div className="motion-head">
        <h1>Motion zones</h1>
        <label>
          <span className="visually-hidden">Camera</span>
          <select data-testid="motion-camera" value={camera.config.id} onChange={(e) => select(e.target.value)}>
            {cameras.map((c) => (
              <option key={c.config.id} value={c.config.id}>
                {c.config.name}
              </option>
            ))}
          </select>
        </label>
        <label className="motion-toggle">
          <input type="checkbox" data-testid="motion-enabled" checked={draft.enabled} onChange={(e) => edit((d) => ({ ...d, enabled: e.target.checked }))} />
          Motion detection {draft.enabled ? 'on' : 'off'}
        </label>
        <span className="spacer" />
        <div className="motion-save">
          {saveMessage && (
            <span className={saveMessage.ok ? 'muted' : 'motion-error'} data-testid="motion-save-message" role={saveMessage.ok ? 'status' : 'alert'}>
              {saveMessage.text}
            </span>
          )}
          {dirty && !saveMessage && <span className="muted small">Unsaved changes</span>}
          <button className="btn primary" data-testid="motion-save" disabled={saving || !dirty || drawing !== undefined} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>

      <div className="motion-main">
        <MotionCanvas
          stream={stream}
          overlay={overlay}
          aspect={aspect}
          zones={draft.zones.map((z) => ({ id: z.id, label: z.name || z.id, polygon: z.polygon }))}
          masks={draft.masks.map((m) => ({ id: m.id, label: m.id, polygon: m.polygon }))}
          boxes={boxes}
          drawing={drawing}
          points={points}
          onPoint={(p) => {
            setPoints((ps) => [...ps, p]);
            setDrawError(undefined);
          }}
          onCloseShape={finish}
        />
        <div className="motion-toolbar">
          {drawing ? (
            <>
              <span className="motion-hint" data-testid="draw-hint">
                Drawing a {drawing}: click points on the picture ({points.length} so far), then click the first point or Done.
              </span>
              <span className="spacer" />
              <button className="btn primary" data-testid="draw-done" onClick={finish}>Done</button>
              <button className="btn" data-testid="draw-cancel" onClick={cancelDrawing}>Cancel</button>
            </>
          ) : (
            <>
              <button className="btn" data-testid="add-zone" disabled={draft.zones.length >= 8} onClick={() => startDrawing('zone')}>Draw a zone</button>
              <button className="btn" data-testid="add-mask" onClick={() => startDrawing('mask')}>Draw a mask</button>
              <span className="motion-hint">
                <span className="motion-swatch" style={{ background: '#f0524f' }} />live motion ({boxes.length})
              </span>
            </>
          )}
        </div>
        {drawError && (
          <div className="motion-error" role="alert" data-testid="draw-error">
            {drawError}
          </div>
        )}
        <p className="motion-hint">
          With no zones, motion anywhere in the picture counts. Zones limit it to where they are, each with its own settings; masks are never analysed (a road, a tree in the wind).
        </p>
      </div>

      <aside className="motion-side">
        <section className="motion-panel" data-testid="zones-panel">
          <h2>Zones ({draft.zones.length})</h2>
          {draft.zones.length === 0 && <span className="muted small">None: the whole picture counts.</span>}
          {draft.zones.map((z) => (
            <div key={z.id} className="motion-shape" data-testid="zone-row">
              <div className="motion-shape-row">
                <input
                  type="text"
                  aria-label={`Name of ${z.id}`}
                  data-testid="zone-name"
                  value={z.name}
                  maxLength={80}
                  onChange={(e) => setZone(z.id, { name: e.target.value })}
                />
                <button className="btn" data-testid="zone-delete" onClick={() => edit((d) => ({ ...d, zones: d.zones.filter((x) => x.id !== z.id) }))}>Delete</button>
              </div>
              {!z.name.trim() && <span className="motion-error">Give the zone a name.</span>}
              <label className="motion-slider">
                Sensitivity
                <input type="range" min={0} max={1} step={0.05} value={z.sensitivity} data-testid="zone-sensitivity" onChange={(e) => setZone(z.id, { sensitivity: Number(e.target.value) })} />
                <span>{Math.round(z.sensitivity * 100)}</span>
              </label>
              <label className="motion-slider">
                Smallest area
                <input type="range" min={0} max={MAX_MIN_AREA} step={0.0005} value={z.minArea} data-testid="zone-min-area" onChange={(e) => setZone(z.id, { minArea: Number(e.target.value) })} />
                <span>{pct(z.minArea)}</span>
              </label>
            </div>
          ))}
        </section>
        <section className="motion-panel" data-testid="masks-panel">
          <h2>Masks ({draft.masks.length})</h2>
          {draft.masks.length === 0 && <span className="muted small">None.</span>}
          {draft.masks.map((m, i) => (
            <div key={m.id} className="motion-shape-row" data-testid="mask-row">
              <span className="spacer">Mask {i + 1} <span className="muted small">({m.polygon.length} points)</span></span>
              <button className="btn" data-testid="mask-delete" onClick={() => edit((d) => ({ ...d, masks: d.masks.filter((x) => x.id !== m.id) }))}>Delete</button>
            </div>
          ))}
        </section>
        <section className="motion-panel" data-testid="motion-events">
          <h2>Recent motion</h2>
          {events.length === 0 && <span className="muted small">No motion events since this screen opened.</span>}
          <ul className="motion-events">
            {events.map((e) => (
              <li key={e.id} data-testid="motion-event">
                <span className="mono">{time(e.start)}</span>
                <span>{e.end === undefined ? 'ongoing' : `${Math.max(1, Math.round((e.end - e.start) / 1000))} s`}</span>
                <span className="muted">peak {pct(e.peakArea)}</span>
                {e.zones.length > 0 && <span className="ellipsis">{e.zones.map((z) => zoneNames[z] ?? z).join(', ')}</span>}
              </li>
            ))}
          </ul>
        </section>
      </aside>
    </div>
  );
}
