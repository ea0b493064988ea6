/** The motion events in the range shown: play one, or mark it (with a margin) for export. */
import { describeLabels, formatClock, formatDuration, type TimelineEvent } from '../../logic/recordings.ts';

/** Seconds added before and after an event marked for export. */
const MARGIN_MS = 5000;

export interface EventListProps {
  events: readonly TimelineEvent[];
  onPlay(time: number): void;
  onMark(range: { from: number; to: number }): void;
}

/** The list under the timeline. */
export function EventList({ events, onPlay, onMark }: EventListProps) {
  if (events.length === 0) return <p className="muted small" data-testid="events-empty">No motion events in this range.</p>;
  return (
    <ul className="rec-events" data-testid="rec-events">
      {[...events].reverse().map((event) => (
        <li key={event.id} className="rec-event">
          <span className="ev-dot" aria-hidden="true" />
          <span className="mono">{formatClock(event.start)}</span>
          <span className="muted small">{event.end ? formatDuration(event.end - event.start) : 'still moving'}</span>
          <span className="ellipsis">{describeLabels(event.labels) || 'Motion'}</span>
          <span className="spacer" />
          <button className="btn small" onClick={() => onPlay(event.start - 2000)}>
            Play
          </button>
          <button className="btn small" onClick={() => onMark({ from: event.start - MARGIN_MS, to: (event.end ?? Date.now()) + MARGIN_MS })}>
            Mark for export
          </button>
        </li>
      ))}
    </ul>
  );
}
