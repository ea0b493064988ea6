/**
 * The sound track of the data-channel path, kept playable next to the picture. The viewer's
 * MediaSource plays only what both tracks hold, so the sound track must have no holes and never
 * overlap itself: each Opus packet is placed where the last one ended, unless that is more than
 * `lagS` later than where the camera's clock puts it (the packet is dropped, and the next ones
 * catch up) or half a 20 ms packet or more earlier (the gap, from lost packets, a stalled sound
 * feed or the stream's start, is filled with silent packets: sound ahead of the picture is what
 * people notice first). So the sound sits within −10 ms…+lagS of the picture. When the sound stops altogether, `fillTo` keeps silence going behind the picture
 * so the picture never waits for sound that will not come.
 */
import type { SoundSample } from './fmp4.ts';
import { OPUS_SILENCE, OPUS_SILENCE_SAMPLES, opusSamples } from './opus.ts';

/** Timeline tuning, each with its default. */
export interface SoundTimelineOptions {
  /** How much later than where its timestamp puts it a packet may still follow the last one; default 0.03 s. */
  lagS?: number;
  /** The longest gap filled with silence; a longer one is left as a hole (the player skips it); default 10 s. */
  maxFillS?: number;
}

/** Sound samples to send as one fragment, from `decodeTime` (48 kHz). */
export interface SoundRun {
  decodeTime: number;
  samples: SoundSample[];
}

const RATE = 48_000;

/** Where each sound packet goes on the stream's timeline (48 kHz units from the stream's start). */
export class SoundTimeline {
  /** Where the next packet goes: the end of what was sent. */
  private next = 0;
  private readonly lag: number;
  private readonly maxFill: number;
  /**
   * Where the last packet went against where its timestamp put it, in seconds (+: later); the
   * A/V offset this timeline adds to what the camera's clock says, for figures.
   */
  lastOffsetS: number | undefined;

  constructor(options: SoundTimelineOptions = {}) {
    this.lag = Math.round((options.lagS ?? 0.03) * RATE);
    this.maxFill = Math.round((options.maxFillS ?? 10) * RATE);
  }

  /** The end of the sound sent so far, in seconds of the stream. */
  get endS(): number {
    return this.next / RATE;
  }

  /** Places a packet whose timestamp says it belongs at `ideal`; undefined when it is dropped. */
  place(ideal: number, packet: Uint8Array): SoundRun | undefined {
    const duration = opusSamples(packet);
    if (duration === 0 || ideal < this.next - this.lag) return undefined;
    const run = this.gapTo(ideal);
    this.lastOffsetS = (this.next - ideal) / RATE;
    run.samples.push({ data: packet, duration });
    this.next += duration;
    return run;
  }

  /** Silence up to about `target` (48 kHz units) when the sound lags that far; undefined when it does not. */
  fillTo(target: number): SoundRun | undefined {
    if (target - this.next < OPUS_SILENCE_SAMPLES) return undefined;
    if (target - this.next > this.maxFill) this.next = target - this.maxFill;
    const run: SoundRun = { decodeTime: this.next, samples: [] };
    this.silence(run, Math.floor((target - this.next) / OPUS_SILENCE_SAMPLES));
    return run;
  }

  // Fills the gap from the end of what was sent to about `ideal` with silence (a gap beyond
  // maxFill is left as a hole instead), and returns the run that starts there.
  private gapTo(ideal: number): SoundRun {
    const gap = ideal - this.next;
    if (gap > this.maxFill) this.next = ideal;
    const run: SoundRun = { decodeTime: this.next, samples: [] };
    if (gap >= OPUS_SILENCE_SAMPLES / 2 && gap <= this.maxFill) this.silence(run, Math.round(gap / OPUS_SILENCE_SAMPLES));
    return run;
  }

  private silence(run: SoundRun, count: number): void {
    for (let n = 0; n < count; n++) run.samples.push({ data: OPUS_SILENCE, duration: OPUS_SILENCE_SAMPLES });
    this.next += count * OPUS_SILENCE_SAMPLES;
  }
}
