/**
 * The light estimate's hot loops (see light.ts), each a factory that closes over one GainField's
 * arrays and returns the loop; GainField compiles one copy per field with `specialise`, so each
 * factory here must stay self-contained (its arguments and globals only).
 */

/** What gatherKernel reads and writes: a GainField's sample buffers, the frame, the model's background levels. */
export interface GatherArrays {
  frame: Uint8Array;
  mean: Float32Array | Float64Array;
  skip: Uint8Array;
  none: Uint8Array;
  table: Uint8Array;
  /** BINS and NO_BIN (the kernel cannot read module constants). */
  binsPerCell: number;
  noBin: number;
  hist: Uint32Array;
  samples: Uint32Array;
  sampleAt: Uint32Array;
  sampleCell: Uint16Array;
  bins: Uint8Array;
  cells: Uint16Array;
  levelF: Float32Array;
  levelB: Float32Array;
  pixelOf: Uint32Array;
  globalHist: Uint32Array;
}

/**
 * GainField.gather's loop over the sampling grid, as a closure over one field's arrays; compiled
 * per field by `specialise`, so self-contained. Returns the number of usable samples.
 */
export function gatherKernel(a: GatherArrays): (useSkip: boolean) => number {
  const { frame, mean, table, hist, samples, sampleAt, sampleCell, bins, cells, levelF, levelB, pixelOf, globalHist } = a;
  const { binsPerCell, noBin } = a;
  return (useSkip: boolean): number => {
    const skip = useSkip ? a.skip : a.none;
    let n = 0;
    for (let s = 0; s < sampleAt.length; s++) {
      const i = sampleAt[s]!;
      if (skip[i] !== 0) continue;
      // A pixel the model has not seen has mean 0, which the bin table already rejects.
      const b = mean[i]!;
      const f = frame[i]!;
      const bin = table[(f << 8) | (b > 255 ? 255 : b < 0 ? 0 : b | 0)]!;
      if (bin === noBin) continue;
      const cell = sampleCell[s]!;
      hist[cell * binsPerCell + bin] = hist[cell * binsPerCell + bin]! + 1;
      samples[cell] = samples[cell]! + 1;
      globalHist[bin] = globalHist[bin]! + 1;
      bins[n] = bin;
      cells[n] = cell;
      levelF[n] = f;
      levelB[n] = b;
      pixelOf[n] = i;
      n++;
    }
    return n;
  };
}

/** What inverseKernel reads and writes: a GainField's cell gains and its per-pixel inverse. */
export interface InverseArrays {
  width: number;
  height: number;
  cols: number;
  rows: number;
  gain: Float32Array;
  applied: Float32Array;
  inverse: Float32Array;
  rowInv: Float32Array;
  centre: Float32Array;
  spanStart: Uint16Array;
  tolerance: number;
}

/** GainField.updateInverse's loops, as a closure over one field's arrays; compiled per field by `specialise`, so self-contained. */
export function inverseKernel(field: InverseArrays): () => boolean {
  const { width, height, cols, rows, gain, applied, inverse, rowInv, centre, spanStart, tolerance } = field;
  return (): boolean => {
    let stale = false;
    for (let c = 0; c < cols * rows; c++) {
      const ratio = gain[c]! / applied[c]!;
      if (ratio > 1 + tolerance || ratio < 1 - tolerance) stale = true;
    }
    if (!stale) return false;
    applied.set(gain);
    for (let y = 0; y < height; y++) {
      const r = Math.min(rows - 1, Math.max(0, ((y + 0.5) * rows) / height - 0.5));
      const r0 = Math.floor(r);
      const r1 = Math.min(rows - 1, r0 + 1);
      const wy = r - r0;
      for (let c = 0; c < cols; c++) {
        rowInv[c] = 1 / (gain[r0 * cols + c]! * (1 - wy) + gain[r1 * cols + c]! * wy);
      }
      // Linear between cell centres, constant beyond the outer ones.
      const row = y * width;
      let x = 0;
      const left = rowInv[0]!;
      for (const end = spanStart[0]!; x < end; x++) inverse[row + x] = left;
      for (let c = 0; c + 1 < cols; c++) {
        const a = rowInv[c]!;
        const d = (rowInv[c + 1]! - a) / (centre[c + 1]! - centre[c]!);
        let inv = a + d * (x - centre[c]!);
        for (const end = spanStart[c + 1]!; x < end; x++, inv += d) inverse[row + x] = inv;
      }
      const right = rowInv[cols - 1]!;
      for (; x < width; x++) inverse[row + x] = right;
    }
    return true;
  };
}

/** What sumsKernel reads and writes. */
export interface SumsArrays {
  bins: Uint8Array;
  cells: Uint16Array;
  levelF: Float32Array;
  levelB: Float32Array;
  median: Uint8Array;
  sumF: Float64Array;
  sumB: Float64Array;
  globalSums: Float64Array;
}

/** GainField.sums's loop, as a closure over one field's arrays; compiled per field by `specialise`, so self-contained. */
export function sumsKernel(field: SumsArrays): (n: number, globalBin: number) => void {
  const { bins, cells, levelF, levelB, median, sumF, sumB, globalSums } = field;
  return (n: number, globalBin: number): void => {
    let gf = 0;
    let gb = 0;
    for (let s = 0; s < n; s++) {
      const bin = bins[s]!;
      const cell = cells[s]!;
      const off = bin - median[cell]!;
      if (off <= 1 && off >= -1) {
        sumF[cell] = sumF[cell]! + levelF[s]!;
        sumB[cell] = sumB[cell]! + levelB[s]!;
      }
      const offGlobal = bin - globalBin;
      if (offGlobal <= 1 && offGlobal >= -1) {
        gf += levelF[s]!;
        gb += levelB[s]!;
      }
    }
    globalSums[0] = gf;
    globalSums[1] = gb;
  };
}
