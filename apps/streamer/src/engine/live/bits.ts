/**
 * Reading H.264 and H.265 parameter sets: emulation-prevention bytes removed, then an MSB-first
 * bit reader with the Exp-Golomb codes both standards use (ue(v), se(v)).
 */

/** Removes emulation-prevention bytes (00 00 03 → 00 00). */
export function unescape(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (i >= 2 && data[i] === 3 && data[i - 1] === 0 && data[i - 2] === 0) continue;
    out.push(data[i]!);
  }
  return Uint8Array.from(out);
}

/** MSB-first bit reader with Exp-Golomb codes. */
export class BitReader {
  private at = 0;
  constructor(readonly bytes: Uint8Array) {}

  get position(): number {
    return this.at;
  }

  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.bytes[this.at >> 3];
      if (byte === undefined) throw new Error('SPS cut short');
      value = value * 2 + ((byte >> (7 - (this.at & 7))) & 1);
      this.at++;
    }
    return value;
  }

  ue(): number {
    let zeros = 0;
    while (this.read(1) === 0) if (++zeros > 31) throw new Error('SPS value out of range');
    return 2 ** zeros - 1 + this.read(zeros);
  }

  se(): number {
    const code = this.ue();
    return code % 2 === 1 ? (code + 1) / 2 : -code / 2;
  }
}
