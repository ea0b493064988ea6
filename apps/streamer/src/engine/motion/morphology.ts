/**
 * Noise clean-up of a binary foreground mask: a 3×3 majority vote (the median filter of a binary
 * image). It removes isolated sensor-noise pixels and fills pinholes inside objects in one step.
 * Only the span of each row that holds foreground (found four pixels at a time) is visited, since
 * most of a typical frame is still.
 */

import { specialise } from './specialise.ts';

/**
 * Finds, for each row of `mask`, the span [from[y], to[y]) of pixels that holds every non-zero
 * pixel (from = to = 0 for an empty row). `words` is a Uint32Array view of the same memory.
 */
export function rowSpans(mask: Uint8Array, words: Uint32Array | undefined, width: number, height: number, from: Uint16Array, to: Uint16Array): void {
  if (words && width % 4 === 0) {
    const perRow = width >> 2;
    for (let y = 0; y < height; y++) {
      const row = y * perRow;
      let first = 0;
      while (first < perRow && words[row + first] === 0) first++;
      if (first === perRow) {
        from[y] = 0;
        to[y] = 0;
        continue;
      }
      let last = perRow - 1;
      while (words[row + last] === 0) last--;
      from[y] = first << 2;
      to[y] = (last + 1) << 2;
    }
    return;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = 0;
    while (first < width && mask[row + first] === 0) first++;
    let last = width;
    while (last > first && mask[row + last - 1] === 0) last--;
    from[y] = first < width ? first : 0;
    to[y] = first < width ? last : 0;
  }
}

/** Reusable buffers for majority filtering at one resolution. */
export class Majority {
  readonly width: number;
  readonly height: number;
  /** After apply(): for each output row, a span [spanFrom, spanTo) outside which it is all 0. */
  readonly spanFrom: Uint16Array;
  readonly spanTo: Uint16Array;
  private readonly inFrom: Uint16Array;
  private readonly inTo: Uint16Array;
  // Word views of the last two masks seen (the detector alternates at most two), made once.
  private viewA: { mask: Uint8Array; words: Uint32Array | undefined } | undefined;
  private viewB: { mask: Uint8Array; words: Uint32Array | undefined } | undefined;
  private kernel: { mask: Uint8Array; out: Uint8Array; run: (votes: number) => number } | undefined;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.spanFrom = new Uint16Array(height);
    this.spanTo = new Uint16Array(height);
    this.inFrom = new Uint16Array(height);
    this.inTo = new Uint16Array(height);
  }

  /**
   * Writes into `out` 1 where at least `votes` of the 3×3 neighbourhood of `mask` (0/1 values)
   * is set; outside the frame counts as 0. Returns the number of set pixels. The loop is compiled
   * for this pair of buffers (see specialise.ts): callers pass the same ones every frame.
   */
  apply(mask: Uint8Array, out: Uint8Array, votes = 5): number {
    const { width: w, height: h, inFrom, inTo } = this;
    rowSpans(mask, this.wordsOf(mask), w, h, inFrom, inTo);
    const k = this.kernel;
    if (!k || k.mask !== mask || k.out !== out) {
      const run = specialise(majorityKernel)({ mask, out, width: w, height: h, inFrom, inTo, spanFrom: this.spanFrom, spanTo: this.spanTo });
      this.kernel = { mask, out, run };
    }
    return this.kernel!.run(votes);
  }

  private wordsOf(mask: Uint8Array): Uint32Array | undefined {
    if (this.viewA?.mask === mask) return this.viewA.words;
    if (this.viewB?.mask === mask) return this.viewB.words;
    const aligned = mask.byteOffset % 4 === 0 && this.width % 4 === 0;
    const entry = { mask, words: aligned ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2) : undefined };
    this.viewB = this.viewA;
    this.viewA = entry;
    return entry.words;
  }
}

/** What majorityKernel reads and writes. */
interface MajorityArrays {
  mask: Uint8Array;
  out: Uint8Array;
  width: number;
  height: number;
  /** Spans of the input rows (from rowSpans), and where the output spans go. */
  inFrom: Uint16Array;
  inTo: Uint16Array;
  spanFrom: Uint16Array;
  spanTo: Uint16Array;
}

/**
 * Majority.apply's loop, as a closure over one pair of buffers; compiled per pair by
 * `specialise`, so self-contained. Each output row is visited only over the union of the three
 * input rows' spans grown by one pixel; a sliding sum of three column sums gives each count.
 */
function majorityKernel(a: MajorityArrays): (votes: number) => number {
  const { mask, out, width: w, height: h, inFrom, inTo, spanFrom, spanTo } = a;
  return (votes: number): number => {
    let count = 0;
    for (let y = 0; y < h; y++) {
      const row = y * w;
      out.fill(0, row, row + w);
      // The union of the three input rows' spans, grown by one pixel each side.
      let lo = w;
      let hi = 0;
      for (let yy = y - 1; yy <= y + 1; yy++) {
        if (yy < 0 || yy >= h || inTo[yy] === 0) continue;
        if (inFrom[yy]! < lo) lo = inFrom[yy]!;
        if (inTo[yy]! > hi) hi = inTo[yy]!;
      }
      if (hi === 0) {
        spanFrom[y] = 0;
        spanTo[y] = 0;
        continue;
      }
      lo = lo > 0 ? lo - 1 : 0;
      hi = hi < w ? hi + 1 : w;
      const hasUp = y > 0;
      const hasDown = y < h - 1;
      const up = row - w;
      const down = row + w;
      // Column sums at lo - 1 and lo (0 outside the frame), then slide.
      let left = 0;
      if (lo > 0) left = mask[row + lo - 1]! + (hasUp ? mask[up + lo - 1]! : 0) + (hasDown ? mask[down + lo - 1]! : 0);
      let mid = mask[row + lo]! + (hasUp ? mask[up + lo]! : 0) + (hasDown ? mask[down + lo]! : 0);
      for (let x = lo; x < hi; x++) {
        let right = 0;
        if (x + 1 < w) right = mask[row + x + 1]! + (hasUp ? mask[up + x + 1]! : 0) + (hasDown ? mask[down + x + 1]! : 0);
        const set = left + mid + right >= votes ? 1 : 0;
        out[row + x] = set;
        count += set;
        left = mid;
        mid = right;
      }
      spanFrom[y] = lo;
      spanTo[y] = hi;
    }
    return count;
  };
}
