/**
 * A camera's timeline over the chosen range: tick marks, recorded segments, gaps, motion event
 * marks (with their labels), the play position and the export selection. Click to play from a
 * time, drag to mark a range for export, scroll the wheel to zoom. Layout and time ↔ x come from
 * shared/src/recording/timeline.ts.
 */
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent, type WheelEvent } from 'react';
import { layoutTimeline, spanAt, zoomRange, type Bar, type RecordingSegmentView, type Span, type TimeRange } from '@vigil/shared/recording';
import { describeLabels, formatClock, type TimelineEvent } from '../../logic/recordings.ts';
import { SegmentThumbnail } from './SegmentThumbnail.tsx';

export interface TimelineProps {
  camera: string;
  range: TimeRange;
  segments: readonly RecordingSegmentView[];
  events: readonly TimelineEvent[];
  playhead: number | undefined;
  selection: TimeRange | undefined;
  onSeek(time: number): void;
  onSelect(selection: TimeRange | undefined): void;
  onRange(range: TimeRange): void;
}

/** Tick labels closer than this to an end would stick out of the card: only their grid line is drawn. */
const TICK_EDGE_PX = 36;
/** Pixels a press must move to mark a range rather than seek. */
const DRAG_PX = 5;

function tickLabel(time: number, step: number): string {
  const d = new Date(time);
  if (step >= 86_400_000) return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  if (step < 60_000) return formatClock(time);
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Gaps, segments and event marks: drawn again only when their layout changes (a day holds ~1 440 segments). */
const Bars = memo(function Bars({ gaps, segments, events }: { gaps: Bar<Span>[]; segments: Bar<RecordingSegmentView>[]; events: Bar<TimelineEvent>[] }) {
  return (
    <>
      {gaps.map((bar) => (
        <span key={`gap-${bar.start}`} className="tl-gap" style={{ left: bar.x, width: bar.width }} data-testid="timeline-gap" />
      ))}
      {segments.map((bar) => (
        <span
          key={bar.item.file}
          className={`tl-segment${bar.item.recovered ? ' recovered' : ''}`}
          style={{ left: bar.x, width: bar.width }}
          data-testid="timeline-segment"
          data-file={bar.item.file}
        />
      ))}
      {events.map((bar) => (
        <span key={bar.item.id} className="tl-event" style={{ left: bar.x, width: bar.width }} data-testid="timeline-event" title={describeLabels(bar.item.labels) || 'Motion'}>
          {bar.width > 70 && bar.item.labels?.length ? <span className="tl-event-label">{describeLabels(bar.item.labels)}</span> : null}
        </span>
      ))}
    </>
  );
});

/** The timeline of one camera. */
export function Timeline(props: TimelineProps) {
  const { camera, range, segments, events, playhead, selection } = props;
  const track = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [hover, setHover] = useState<number>();
  const drag = useRef<{ x: number; moved: boolean }>(undefined);

  useEffect(() => {
    const element = track.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  // "Now" moves with each reload of the data, not each render (the play position renders 4× a second).
  const now = useMemo(() => Date.now(), [segments, events, range]);
  const { scale, segments: segmentBars, gaps: gapBars, events: eventBars, grid } = useMemo(() => layoutTimeline(range, width, segments, events, now), [range, width, segments, events, now]);

  const xOf = (e: { clientX: number }) => e.clientX - (track.current?.getBoundingClientRect().left ?? 0);
  const down = (e: ReactPointerEvent) => {
    if (e.button !== 0) return;
    (e.target as Element).setPointerCapture?.(e.pointerId);
    drag.current = { x: xOf(e), moved: false };
  };
  const move = (e: ReactPointerEvent) => {
    const x = xOf(e);
    setHover(scale.toTime(x));
    const d = drag.current;
    if (!d) return;
    if (Math.abs(x - d.x) > DRAG_PX) d.moved = true;
    if (d.moved) {
      const [a, b] = [scale.toTime(d.x), scale.toTime(x)].sort((p, q) => p - q) as [number, number];
      props.onSelect({ from: Math.round(a), to: Math.round(b) });
    }
  };
  const up = (e: ReactPointerEvent) => {
    const d = drag.current;
    drag.current = undefined;
    if (d && !d.moved) props.onSeek(Math.round(scale.toTime(xOf(e))));
  };
  // Keyboard: arrows step 10 s (shift: 1 min), Home/End go to the ends of the range.
  const key = (e: KeyboardEvent) => {
    const at = playhead ?? range.from;
    const step = e.shiftKey ? 60_000 : 10_000;
    const to = { ArrowLeft: at - step, ArrowRight: at + step, Home: range.from, End: range.to }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    props.onSeek(Math.max(range.from, Math.min(range.to, to)));
  };
  const wheel = (e: WheelEvent) => {
    if (e.deltaY === 0) return;
    props.onRange(zoomRange(range, scale.toTime(xOf(e)), e.deltaY < 0 ? 0.8 : 1.25));
  };

  const hoverSegment = hover === undefined ? undefined : spanAt(segments, hover);
  const hoverEvent = hover === undefined ? undefined : events.find((ev) => ev.start <= hover && hover <= (ev.end ?? now));
  const hoverX = hover === undefined ? 0 : scale.toX(hover);

  return (
    <div className="timeline" data-testid="timeline">
      <div className="tl-ticks" aria-hidden="true">
        {grid.ticks.filter((t) => t.x >= TICK_EDGE_PX && t.x <= width - TICK_EDGE_PX).map((t) => (
          <span key={t.time} className="tl-tick" style={{ left: t.x }}>
            {tickLabel(t.time, grid.step)}
          </span>
        ))}
      </div>
      <div
        ref={track}
        className="tl-track"
        role="slider"
        aria-label="Timeline: click to play from a time, drag to mark a range for export"
        aria-valuemin={range.from}
        aria-valuemax={range.to}
        aria-valuenow={playhead ?? range.from}
        aria-valuetext={playhead ? formatClock(playhead) : 'nothing playing'}
        tabIndex={0}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerLeave={() => setHover(undefined)}
        onWheel={wheel}
        onKeyDown={key}
      >
        {grid.ticks.map((t) => (
          <span key={t.time} className="tl-grid" style={{ left: t.x }} />
        ))}
        <Bars gaps={gapBars} segments={segmentBars} events={eventBars} />
        {selection && (
          <span className="tl-selection" style={{ left: scale.toX(selection.from), width: Math.max(2, scale.toX(selection.to) - scale.toX(selection.from)) }} data-testid="timeline-selection" />
        )}
        {playhead !== undefined && playhead >= range.from && playhead <= range.to && <span className="tl-playhead" style={{ left: scale.toX(playhead) }} data-testid="timeline-playhead" />}
        {hover !== undefined && (
          <div className={`tl-hover${hoverX > width - 190 ? ' flip' : ''}`} style={{ left: hoverX }}>
            <div className="tl-hover-card">
              {hoverSegment && <SegmentThumbnail camera={camera} segment={hoverSegment} />}
              <strong>{formatClock(hover)}</strong>
              <span className="muted small">
                {hoverEvent ? `Motion${hoverEvent.labels?.length ? `: ${describeLabels(hoverEvent.labels)}` : ''}` : hoverSegment ? 'Recorded' : 'No recording'}
              </span>
            </div>
          </div>
        )}
      </div>
      <div className="tl-legend muted small">
        <span><i className="sw seg" /> Recorded</span>
        <span><i className="sw gap" /> No recording</span>
        <span><i className="sw ev" /> Motion</span>
        <span className="spacer" />
        <span>Click to play · drag to mark a clip · scroll to zoom · ← → step 10 s</span>
      </div>
    </div>
  );
}
