/**
 * Motion events as the recorder uses them: a small source interface the motion detector (or a
 * test) implements, and a per-camera store persisted as JSON lines so event marks and the
 * longer retention of event footage survive a restart.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DetectionLabel } from '@vigil/shared/detection';

/** An event span; `end` is absent while the event is open. */
export interface RecordingEvent {
  id: string;
  camera: string;
  start: number;
  end?: number;
  /** Video kept before `start` and after `end`; the camera's settings apply when absent. */
  preRollMs?: number;
  postRollMs?: number;
  /** What a detector recognised in the event, once it looked (shown on timeline marks). */
  labels?: DetectionLabel[];
}

/** Anything that announces events (start, updates and end, each as the whole event). */
export interface EventSource {
  onEvent(callback: (event: RecordingEvent) => void): () => void;
}

/** File of a camera's events inside its folder. */
export const EVENTS_FILE = 'events.jsonl';

/** A camera's events, newest state of each id. */
export class EventStore {
  private readonly events = new Map<string, RecordingEvent>();
  /** True after a failed append (e.g. ENOSPC part-way): the file may end inside a line. */
  private torn = false;

  private constructor(private readonly file: string) {}

  /** Loads a camera's stored events (a torn last line is skipped). */
  static async open(dir: string): Promise<EventStore> {
    const store = new EventStore(join(dir, EVENTS_FILE));
    const text = await readFile(store.file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      try {
        const event = JSON.parse(line) as RecordingEvent;
        if (typeof event.id === 'string' && typeof event.start === 'number') store.events.set(event.id, event);
      } catch {
        // A torn last line from a crash: the event comes again or stays unknown.
      }
    }
    return store;
  }

  /** Records an event's latest state; persisted on start and end, not on every update. */
  async put(event: RecordingEvent): Promise<void> {
    const known = this.events.get(event.id);
    this.events.set(event.id, event);
    const labelled = JSON.stringify(event.labels ?? null) !== JSON.stringify(known?.labels ?? null);
    if (!known || (event.end !== undefined && known.end === undefined) || labelled) await this.append(`${JSON.stringify(event)}\n`);
  }

  // A new line first after a failed append, so a partial line left by it cannot swallow this one.
  private async append(line: string): Promise<void> {
    try {
      await appendFile(this.file, this.torn ? `\n${line}` : line);
      this.torn = false;
    } catch (error) {
      this.torn = true;
      throw error;
    }
  }

  /** Events that overlap [from, to] once widened by their rolls (open events reach to now). */
  overlapping(from: number, to: number, preRollMs = 0, postRollMs = 0): RecordingEvent[] {
    return [...this.events.values()].filter((event) => {
      const start = event.start - (event.preRollMs ?? preRollMs);
      const end = event.end === undefined ? Infinity : event.end + (event.postRollMs ?? postRollMs);
      return start <= to && end >= from;
    });
  }

  /** Events that started or ended inside [from, to] or span it, without rolls, oldest first. */
  within(from: number, to: number): RecordingEvent[] {
    return this.overlapping(from, to).sort((a, b) => a.start - b.start);
  }

  /** True while any event of this camera is open. */
  get open(): boolean {
    return [...this.events.values()].some((event) => event.end === undefined);
  }
}

/** A motion transition as the motion detector emits it (`shared/src/motion/events.ts`). */
interface MotionTransitionLike {
  type: 'start' | 'update' | 'end';
  event: { id: string; camera: string; start: number; end?: number; preRollMs: number; postRollMs: number; labels?: DetectionLabel[] };
}

/** Adapts the motion detector's transitions (`subscribe(cb) → unsubscribe`) to an EventSource. */
export function motionEventSource(subscribe: (callback: (transition: MotionTransitionLike) => void) => () => void): EventSource {
  return {
    onEvent: (callback) =>
      subscribe(({ event }) => {
        const { id, camera, start, end, preRollMs, postRollMs, labels } = event;
        callback({ id, camera, start, preRollMs, postRollMs, ...(end === undefined ? {} : { end }), ...(labels ? { labels } : {}) });
      }),
  };
}
