/**
 * The motion event state machine of one camera (README.md, "Events"): an event starts after
 * `startFrames` consecutive moving frames and ends once no frame has moved for `endQuietMs`.
 * It turns per-frame detector results into start / update / end transitions for the event bus.
 */
import type { MotionBox, MotionEvent, MotionTransition } from '@vigil/shared/motion';

/** Event settings (see MotionConfig in shared/motion for the defaults and their reasons). */
export interface EventOptions {
  camera: string;
  /** Zone ids in detector order: bit z of a frame's zone bits is zoneIds[z]. */
  zoneIds?: readonly string[];
  startFrames?: number;
  endQuietMs?: number;
  preRollMs?: number;
  postRollMs?: number;
  /** Event ids; default: camera, start time and a counter. */
  newId?: (camera: string, start: number) => string;
}

/** One frame as the state machine needs it. */
export interface FrameSummary {
  /** Milliseconds since the epoch. */
  at: number;
  /** Detector frame index, for the snapshot. */
  index: number;
  moving: boolean;
  /** Foreground area of the counting blobs, as a fraction of the frame. */
  areaFraction: number;
  zoneBits: number;
  /** Boxes as x0, y0, x1, y1 pixel quadruples, `boxCount` of them, in a frame of width × height. */
  boxes: Int32Array;
  boxCount: number;
  width: number;
  height: number;
}

type State = 'idle' | 'pending' | 'active';

/** Tracks one camera's events; `update()` once per analysed frame. */
export class MotionEvents {
  private state: State = 'idle';
  private run = 0;
  private firstMoving = 0;
  private lastMoving = 0;
  private zoneBits = 0;
  private peak = -1;
  private peakIndex = 0;
  private peakBoxes: MotionBox[] = [];
  private current: MotionEvent | undefined;
  private counter = 0;
  private readonly startFrames: number;
  private readonly endQuietMs: number;

  constructor(private readonly options: EventOptions) {
    this.startFrames = options.startFrames ?? 3;
    this.endQuietMs = options.endQuietMs ?? 5000;
  }

  /** The open event, if any. */
  get open(): MotionEvent | undefined {
    return this.current;
  }

  /** True when the last `update()` raised the event's peak: the frame is the best snapshot so far. */
  newPeak = false;

  /** Feeds one frame; returns the transition it causes, if any. */
  update(frame: FrameSummary): MotionTransition | undefined {
    this.newPeak = false;
    if (frame.moving) {
      if (this.state === 'idle') {
        this.state = 'pending';
        this.run = 0;
        this.firstMoving = frame.at;
        this.zoneBits = 0;
        this.peak = -1;
      }
      this.run++;
      this.lastMoving = frame.at;
      const grew = (frame.zoneBits | this.zoneBits) !== this.zoneBits;
      this.zoneBits |= frame.zoneBits;
      if (frame.areaFraction > this.peak) this.takePeak(frame);
      if (this.state === 'pending' && this.run >= this.startFrames) {
        this.state = 'active';
        this.current = this.makeEvent();
        return { type: 'start', event: this.current };
      }
      if (this.state === 'active' && (grew || this.newPeak)) {
        this.current = this.makeEvent();
        // Peaks refresh the open event silently (the snapshot); new zones are news.
        if (grew) return { type: 'update', event: this.current };
      }
      return undefined;
    }
    if (this.state === 'pending') {
      // Moving frames must be consecutive: one noisy frame is not the start of an event.
      this.state = 'idle';
      return undefined;
    }
    if (this.state === 'active' && frame.at - this.lastMoving >= this.endQuietMs) {
      this.state = 'idle';
      const event = { ...this.makeEvent(), end: this.lastMoving };
      this.current = undefined;
      return { type: 'end', event };
    }
    return undefined;
  }

  /** Ends an open event now (camera stopped); returns its end transition. */
  flush(): MotionTransition | undefined {
    if (this.state !== 'active') return undefined;
    this.state = 'idle';
    const event = { ...this.makeEvent(), end: this.lastMoving };
    this.current = undefined;
    return { type: 'end', event };
  }

  private takePeak(frame: FrameSummary): void {
    this.peak = frame.areaFraction;
    this.peakIndex = frame.index;
    this.newPeak = true;
    const boxes: MotionBox[] = [];
    for (let b = 0; b < frame.boxCount; b++) {
      const x0 = frame.boxes[b * 4]!, y0 = frame.boxes[b * 4 + 1]!, x1 = frame.boxes[b * 4 + 2]!, y1 = frame.boxes[b * 4 + 3]!;
      boxes.push({ x: x0 / frame.width, y: y0 / frame.height, w: (x1 - x0 + 1) / frame.width, h: (y1 - y0 + 1) / frame.height });
    }
    this.peakBoxes = boxes;
  }

  private makeEvent(): MotionEvent {
    const { camera, zoneIds = [], preRollMs = 5000, postRollMs = 10000 } = this.options;
    const id = this.current?.id ?? this.options.newId?.(camera, this.firstMoving) ?? `${camera}-${this.firstMoving.toString(36)}-${++this.counter}`;
    const zones = zoneIds.filter((_, z) => (this.zoneBits & (1 << z)) !== 0);
    return {
      id, camera, zones, start: this.firstMoving, peakArea: Math.min(1, Math.max(0, this.peak)), boxes: this.peakBoxes,
      snapshotFrame: this.peakIndex, preRollMs, postRollMs,
    };
  }
}
