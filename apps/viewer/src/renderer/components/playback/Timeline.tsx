/**
 * The recordings timeline: tick marks, recorded segments, gaps, motion event marks (with their
 * labels), the export selection and the playhead. Click or drag to scrub; hover shows the time
 * and the thumbnail of the segment under the pointer. Layout rules: @vigil/shared/recording.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { layoutTimeline, spanAt, type EventMark, type PlaybackSegment, type TimeRange } from '@vigil/shared/recording';
import { thumbnailUrl } from '../../store/playback.ts';
import { formatClock, labelSummary } from './format.ts';

export interface TimelineProps {
  range: TimeRange;
  segments: PlaybackSegment[];
  events: EventMark[];
  playhead: number;
  selection: TimeRange | null;
  onSeek(time: number): void;
}

/** The timeline under the player. */
export function Timeline({ range, segments, events, playhead, selection, onSeek }: TimelineProps) {
  const track = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<{ x: number; time: number } | null>(null);
  const [thumb, setThumb] = useState<{ file: string; url: string } | null>(null);
  const dragging = useRef(false);

  useLayoutEffect(() => {
    const element = track.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const { scale, segments: segmentBars, gaps: gapBars, events: marks, grid: tickMarks } = layoutTimeline(range, width, segments, events, Date.now());
  const hovered = hover ? spanAt(segments, hover.time) : undefined;

  // The thumbnail of the segment under the pointer, fetched once per segment (the streamer makes
  // a missing one on demand, so a segment listed before its thumbnail existed gets one too).
  useEffect(() => {
    if (!hovered || hovered.open || thumb?.file === hovered.file) return;
    let live = true;
    void thumbnailUrl(hovered.file)?.then((url) => live && setThumb({ file: hovered.file, url }), () => undefined);
    return () => {
      live = false;
    };
  }, [hovered, thumb?.file]);

  const timeAt = (e: PointerEvent) => scale.toTime(e.clientX - (track.current?.getBoundingClientRect().left ?? 0));
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    onSeek(timeAt(e));
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const time = timeAt(e);
    setHover({ x: scale.toX(time), time });
    if (dragging.current) onSeek(time);
  };

  // Keyboard, as a slider: arrows step 5 s (Shift: 1 min), Home/End go to the range's ends.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 60_000 : 5_000;
    const to = { ArrowLeft: playhead - step, ArrowRight: playhead + step, Home: range.from, End: range.to }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    onSeek(Math.min(range.to, Math.max(range.from, to)));
  };

  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-ticks" aria-hidden="true">
        {/* A label needs about 30 px each side: those that would be cut at an edge are left out. */}
        {tickMarks.ticks.filter((tick) => tick.x >= 30 && tick.x <= width - 30).map((tick) => (
          <span key={tick.time} className="timeline-tick" style={{ left: tick.x }}>
            {formatClock(tick.time, tickMarks.step < 60_000)}
          </span>
        ))}
      </div>
      <div
        ref={track}
        className="timeline-track"
        role="slider"
        aria-label="Playback position"
        aria-valuemin={range.from}
        aria-valuemax={range.to}
        aria-valuenow={Math.round(playhead)}
        aria-valuetext={formatClock(playhead, true)}
        tabIndex={0}
        data-testid="timeline-track"
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (dragging.current = false)}
        onPointerLeave={() => setHover(null)}
      >
        {gapBars.map((bar) => (
          <div key={`gap-${bar.start}`} className="timeline-gap" style={{ left: bar.x, width: bar.width }} />
        ))}
        {segmentBars.map((bar) => (
          <div key={bar.item.file} className={`timeline-segment${bar.item.open ? ' open' : ''}`} data-testid="timeline-segment" title={bar.item.open ? 'Being recorded now' : undefined} style={{ left: bar.x, width: bar.width }} />
        ))}
        {selection && (
          <div className="timeline-selection" data-testid="timeline-selection" style={{ left: scale.toX(selection.from), width: Math.max(2, scale.toX(selection.to) - scale.toX(selection.from)) }} />
        )}
        {marks.map((bar) => (
          <div
            key={bar.item.id}
            className={`timeline-mark${bar.item.end === undefined ? ' open' : ''}`}
            data-testid="timeline-mark"
            data-start={bar.item.start}
            title={`Motion at ${formatClock(bar.item.start, true)}${bar.item.labels?.length ? ` · ${labelSummary(bar.item.labels)}` : ''}`}
            style={{ left: bar.x, width: bar.width }}
          >
            {bar.item.labels?.length ? <span className="timeline-label">{labelSummary(bar.item.labels, 1)}</span> : null}
          </div>
        ))}
        {playhead >= range.from && playhead <= range.to && <div className="timeline-playhead" data-testid="timeline-playhead" style={{ left: scale.toX(playhead) }} />}
        {hover && (
          <div className="timeline-hover" style={{ left: Math.min(Math.max(hover.x, 84), Math.max(84, width - 84)) }} data-testid="timeline-hover">
            {hovered && thumb?.file === hovered.file ? <img src={thumb.url} alt="" data-testid="timeline-thumbnail" /> : <div className="timeline-hover-empty">{hovered?.open ? 'Recording now' : hovered ? '…' : 'No recording'}</div>}
            <span className="mono">{formatClock(hover.time, true)}</span>
          </div>
        )}
      </div>
    </div>
  );
}
