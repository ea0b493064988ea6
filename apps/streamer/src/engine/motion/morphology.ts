/**
 * Noise clean-up of a binary foreground mask: a 3×3 majority vote (the median filter of a binary
 * image). It removes isolated sensor-noise pixels and fills pinholes inside objects in one step,
 * and with running column sums it costs two passes; rows far from any foreground are skipped,
 * since most of a typical frame is still.
 */

/**
 * Sets rows[y] to 1 when row y of `mask` has any non-zero pixel, else 0. `words`, a Uint32Array
 * view of the same memory (when rows are word-aligned), checks four pixels at a time.
 */
export function markRows(mask: Uint8Array, width: number, height: number, rows: Uint8Array, words?: Uint32Array): void {
  if (words && width % 4 === 0) {
    const perRow = width >> 2;
    for (let y = 0, j = 0; y < height; y++) {
      let any = 0;
      for (const end = j + perRow; j < end; j++) any |= words[j]!;
      rows[y] = any !== 0 ? 1 : 0;
    }
    return;
  }
  for (let y = 0, i = 0; y < height; y++) {
    let any = 0;
    for (const end = i + width; i < end; i++) any |= mask[i]!;
    rows[y] = any !== 0 ? 1 : 0;
  }
}

/** Reusable buffers for majority filtering at one resolution. */
export class Majority {
  readonly width: number;
  readonly height: number;
  /** After apply(): 1 for each output row with a set pixel. */
  readonly rowAny: Uint8Array;
  private readonly inRows: Uint8Array;
  private readonly columns: Uint8Array;
  // Word views of the last two masks seen (the detector alternates two buffers), made once.
  private viewA: { mask: Uint8Array; words: Uint32Array | undefined } | undefined;
  private viewB: { mask: Uint8Array; words: Uint32Array | undefined } | undefined;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.rowAny = new Uint8Array(height);
    this.inRows = new Uint8Array(height);
    this.columns = new Uint8Array(width);
  }

  /**
   * Writes into `out` 1 where at least `votes` of the 3×3 neighbourhood of `mask` (0/1 values)
   * is set; outside the frame counts as 0. Returns the number of set pixels.
   */
  apply(mask: Uint8Array, out: Uint8Array, votes = 5): number {
    const { width: w, height: h, columns, inRows, rowAny } = this;
    markRows(mask, w, h, inRows, this.wordsOf(mask));
    let count = 0;
    for (let y = 0; y < h; y++) {
      const row = y * w;
      const up = y > 0 && inRows[y - 1] === 1;
      const here = inRows[y] === 1;
      const down = y < h - 1 && inRows[y + 1] === 1;
      if (!up && !here && !down) {
        out.fill(0, row, row + w);
        rowAny[y] = 0;
        continue;
      }
      // Vertical sums of three for this row, then a sliding sum of three across.
      for (let x = 0; x < w; x++) {
        columns[x] = (up ? mask[row - w + x]! : 0) + mask[row + x]! + (down ? mask[row + w + x]! : 0);
      }
      let left = 0;
      let mid = columns[0]!;
      let rowCount = 0;
      for (let x = 0; x < w; x++) {
        const right = x < w - 1 ? columns[x + 1]! : 0;
        const set = left + mid + right >= votes ? 1 : 0;
        out[row + x] = set;
        rowCount += set;
        left = mid;
        mid = right;
      }
      rowAny[y] = rowCount > 0 ? 1 : 0;
      count += rowCount;
    }
    return count;
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
