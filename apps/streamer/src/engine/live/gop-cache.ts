/**
 * Keeps the packets of the current group of pictures: the last keyframe and everything since.
 * A viewer that joins gets them in one burst and shows the picture at once instead of waiting up
 * to a GOP for the next keyframe. Bounded: past the limit the cache is dropped until the next
 * keyframe (a camera with a 10 s GOP at 8 Mb/s would otherwise hold 10 MB per camera).
 */

/** Default cache limit in bytes. */
export const DEFAULT_GOP_CACHE_BYTES = 4 * 1024 * 1024;

/** A cached packet with the fields a session needs to replay it. */
export interface CachedPacket {
  data: Buffer;
  timestamp: number;
}

/** The GOP cache of one feed. */
export class GopCache {
  private packets: CachedPacket[] = [];
  private bytes = 0;
  private valid = false;

  constructor(private readonly maxBytes = DEFAULT_GOP_CACHE_BYTES) {}

  /** Adds a packet; a keyframe start with a new timestamp begins a new GOP. */
  add(data: Buffer, timestamp: number, keyframeStart: boolean): void {
    if (keyframeStart && !(this.valid && this.packets[0]?.timestamp === timestamp && this.sameAccessUnit(timestamp))) {
      this.packets = [];
      this.bytes = 0;
      this.valid = true;
    }
    if (!this.valid) return;
    if (this.bytes + data.length > this.maxBytes) {
      this.clear();
      return;
    }
    this.packets.push({ data, timestamp });
    this.bytes += data.length;
  }

  /** The cached packets from the last keyframe, oldest first; empty until a keyframe arrives. */
  snapshot(): readonly CachedPacket[] {
    return this.valid ? this.packets.slice() : [];
  }

  /** Forgets everything (a new encoder will start with a new keyframe). */
  clear(): void {
    this.packets = [];
    this.bytes = 0;
    this.valid = false;
  }

  /** Bytes held now. */
  get size(): number {
    return this.bytes;
  }

  // SPS, PPS and the IDR of one access unit share a timestamp: they belong to the same GOP start.
  private sameAccessUnit(timestamp: number): boolean {
    return this.packets.every((packet) => packet.timestamp === timestamp);
  }
}
