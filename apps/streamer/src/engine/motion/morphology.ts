/**
 * Noise clean-up of a binary foreground mask: a 3×3 majority vote (the median filter of a binary
 * image). It removes isolated sensor-noise pixels and fills pinholes inside objects in one step.
 * Only the span of each row that holds foreground (found four pixels at a time) is visited, since
 * most of a typical frame is still.
 */

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
   * is set; outside the frame counts as 0. Returns the number of set pixels.
   */
  apply(mask: Uint8Array, out: Uint8Array, votes = 5): number {
    const { width: w, height: h, inFrom, inTo, spanFrom, spanTo } = this;
    rowSpans(mask, this.wordsOf(mask), w, h, inFrom, inTo);
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
      const up = y > 0 ? row - w : -1;
      const down = y < h - 1 ? row + w : -1;
      // Sliding sum of three column sums.
      let left = this.column(mask, row, up, down, lo - 1);
      let mid = this.column(mask, row, up, down, lo);
      for (let x = lo; x < hi; x++) {
        const right = this.column(mask, row, up, down, x + 1);
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
  }

  /** The vertical sum of three at column x (0 outside the frame; up/down -1 at the edges). */
  private column(mask: Uint8Array, row: number, up: number, down: number, x: number): number {
    if (x < 0 || x >= this.width) return 0;
    return mask[row + x]! + (up >= 0 ? mask[up + x]! : 0) + (down >= 0 ? mask[down + x]! : 0);
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
