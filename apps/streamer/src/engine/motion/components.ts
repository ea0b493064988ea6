/**
 * Connected components of a binary mask (8-connected), as blobs with bounding box, area and the
 * area each blob has inside each zone. Classic two-pass labelling with union-find over
 * preallocated typed arrays: nothing is allocated per frame.
 */

/** Blob statistics of one frame, in parallel typed arrays indexed by blob number. */
export class Blobs {
  readonly width: number;
  readonly height: number;
  readonly zones: number;
  count = 0;
  readonly x0: Int32Array;
  readonly y0: Int32Array;
  readonly x1: Int32Array;
  readonly y1: Int32Array;
  readonly area: Int32Array;
  /** Area of blob b inside zone z at [b * zones + z]. */
  readonly zoneArea: Int32Array;
  private readonly labels: Int32Array;
  private readonly parent: Int32Array;
  private readonly compact: Int32Array;

  constructor(width: number, height: number, zones: number) {
    this.width = width;
    this.height = height;
    this.zones = zones;
    // At most one provisional label per 2×2 block can start a new component in 8-connectivity.
    const max = Math.ceil(width / 2) * Math.ceil(height / 2) + 1;
    this.labels = new Int32Array(width * height);
    this.parent = new Int32Array(max);
    this.compact = new Int32Array(max);
    this.x0 = new Int32Array(max);
    this.y0 = new Int32Array(max);
    this.x1 = new Int32Array(max);
    this.y1 = new Int32Array(max);
    this.area = new Int32Array(max);
    this.zoneArea = new Int32Array(max * Math.max(1, zones));
  }

  private find(a: number): number {
    const p = this.parent;
    while (p[a] !== a) {
      p[a] = p[p[a]!]!; // path halving keeps trees flat
      a = p[a]!;
    }
    return a;
  }

  private union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      this.parent[rb] = ra;
      return ra;
    }
    this.parent[ra] = rb;
    return rb;
  }

  /**
   * Labels `mask` (non-zero = foreground) and fills the blob arrays. `zoneBits` holds one bit per
   * zone for each pixel (ignored when there are no zones). With `spanFrom`/`spanTo`, each row is
   * known to be 0 outside [spanFrom[y], spanTo[y]) and only that span is visited. Returns the
   * number of blobs.
   */
  label(mask: Uint8Array, zoneBits: Uint8Array, spanFrom?: Uint16Array, spanTo?: Uint16Array): number {
    const { width: w, height: h, labels, parent } = this;
    let next = 1;
    for (let y = 0; y < h; y++) {
      const lo = spanFrom ? spanFrom[y]! : 0;
      const hi = spanTo ? spanTo[y]! : w;
      labels.fill(0, y * w, (y + 1) * w);
      for (let x = lo, i = y * w + lo; x < hi; x++, i++) {
        if (mask[i] === 0) {
          labels[i] = 0;
          continue;
        }
        // Neighbours already visited: W, NW, N, NE.
        const lw = x > 0 ? labels[i - 1]! : 0;
        const ln = y > 0 ? labels[i - w]! : 0;
        const lnw = x > 0 && y > 0 ? labels[i - w - 1]! : 0;
        const lne = x < w - 1 && y > 0 ? labels[i - w + 1]! : 0;
        let l = ln || lw || lnw || lne;
        if (l === 0) {
          l = next++;
          parent[l] = l;
        } else {
          if (lw && lw !== l) l = this.union(l, lw);
          if (lnw && lnw !== l) l = this.union(l, lnw);
          if (lne && lne !== l) l = this.union(l, lne);
        }
        labels[i] = l;
      }
    }
    // Number the roots 0..count-1 and reset their statistics.
    let count = 0;
    const zones = this.zones;
    for (let l = 1; l < next; l++) {
      if (this.find(l) !== l) continue;
      this.compact[l] = count;
      this.x0[count] = w;
      this.y0[count] = h;
      this.x1[count] = -1;
      this.y1[count] = -1;
      this.area[count] = 0;
      for (let z = 0; z < zones; z++) this.zoneArea[count * zones + z] = 0;
      count++;
    }
    for (let y = 0; y < h; y++) {
      const lo = spanFrom ? spanFrom[y]! : 0;
      const hi = spanTo ? spanTo[y]! : w;
      for (let x = lo, i = y * w + lo; x < hi; x++, i++) {
        const l = labels[i]!;
        if (l === 0) continue;
        const b = this.compact[this.find(l)]!;
        if (x < this.x0[b]!) this.x0[b] = x;
        if (x > this.x1[b]!) this.x1[b] = x;
        if (y < this.y0[b]!) this.y0[b] = y;
        if (y > this.y1[b]!) this.y1[b] = y;
        this.area[b] = this.area[b]! + 1;
        if (zones > 0) {
          let bits = zoneBits[i]!;
          for (let z = 0; bits !== 0; z++, bits >>= 1) if (bits & 1) this.zoneArea[b * zones + z] = this.zoneArea[b * zones + z]! + 1;
        }
      }
    }
    this.count = count;
    return count;
  }
}
