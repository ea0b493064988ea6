/**
 * A viewer's voice as an Ogg Opus stream (RFC 3533 pages, RFC 7845 headers) for ffmpeg's stdin.
 * The browser's Opus arrives as RTP; the talk transcoder used to send it on to a loopback UDP port
 * ffmpeg bound from an SDP, but that port (and the one above it, for RTCP) was only probed free
 * and could be taken before ffmpeg bound it, and packets sent before ffmpeg was listening were
 * lost. A pipe has neither problem: what is written waits for ffmpeg.
 *
 *   RTP packet ──payload (live/rtp.ts parseRtp)──► Ogg page (one packet each)
 *   first packet: OpusHead page (BOS) + OpusTags page are written ahead of it
 */
import { opusSamples } from '../live/opus.ts';

/** CRC-32 as Ogg uses it: polynomial 0x04c11db7, not reflected, initial value 0. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, byte) => {
  let crc = byte << 24;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  return crc >>> 0;
});

export function oggCrc(page: Uint8Array): number {
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

/** Page header flag: first page of the stream. */
const BEGINNING_OF_STREAM = 0x02;

/** Writes Opus packets as Ogg pages, one packet per page. */
export class OggOpusWriter {
  private sequence = 0;
  private granule = 0n;

  constructor(
    private readonly serial: number,
    private readonly channels = 2,
  ) {}

  /** The two header pages (OpusHead, OpusTags) that start the stream. */
  headers(): Buffer {
    const head = Buffer.alloc(19);
    head.write('OpusHead', 0, 'latin1');
    head[8] = 1; // version
    head[9] = this.channels;
    head.writeUInt16LE(0, 10); // pre-skip
    head.writeUInt32LE(48_000, 12); // input sample rate (informational)
    head.writeInt16LE(0, 16); // output gain
    head[18] = 0; // mapping family 0: mono or stereo
    const vendor = Buffer.from('vigil', 'latin1');
    const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
    tags.write('OpusTags', 0, 'latin1');
    tags.writeUInt32LE(vendor.length, 8);
    vendor.copy(tags, 12);
    tags.writeUInt32LE(0, 12 + vendor.length); // no comments
    return Buffer.concat([this.page(head, BEGINNING_OF_STREAM), this.page(tags, 0)]);
  }

  /** One Opus packet as a page; its granule position counts the 48 kHz samples played so far. */
  packet(opus: Uint8Array): Buffer {
    this.granule += BigInt(opusSamples(opus));
    return this.page(opus, 0);
  }

  private page(data: Uint8Array, flags: number): Buffer {
    // Lacing: 255 for each full 255-byte run, then the remainder (0 when the length is a multiple of 255).
    const lacing = [...Array<number>(Math.floor(data.length / 255)).fill(255), data.length % 255];
    if (lacing.length > 255) throw new Error(`an Opus packet of ${data.length} bytes does not fit one Ogg page`);
    const header = Buffer.alloc(27 + lacing.length);
    header.write('OggS', 0, 'latin1');
    header[4] = 0; // version
    header[5] = flags;
    header.writeBigInt64LE(this.granule, 6);
    header.writeUInt32LE(this.serial, 14);
    header.writeUInt32LE(this.sequence++, 18);
    header[26] = lacing.length;
    header.set(lacing, 27);
    const page = Buffer.concat([header, data]);
    page.writeUInt32LE(oggCrc(page), 22);
    return page;
  }
}
