/**
 * Synthetic grayscale scenes with exact ground truth, for the tests and bench/motion: a textured
 * background, sensor noise, textured objects moving in straight lines (bouncing off the edges),
 * global and local light changes, and a swaying patch of foliage. The truth mask marks object
 * pixels only: swaying foliage and light are background, as in CDnet's "dynamic background".
 */

/** A moving rectangle with its own texture. */
export interface SceneObject {
  w: number;
  h: number;
  x: number;
  y: number;
  /** Pixels per frame. */
  vx: number;
  vy: number;
  /** Mean gray level of the object before light is applied. */
  level: number;
  /** Texture amplitude of the object (gray levels). Default 20. */
  texture?: number;
  /** First and last frame the object is in the scene. */
  from?: number;
  to?: number;
}

/** A scene: everything a sequence needs to be regenerated exactly. */
export interface SceneSpec {
  width: number;
  height: number;
  seed?: number;
  /** Mean background level and texture amplitude. Defaults 120 and 50. */
  level?: number;
  texture?: number;
  /** Standard deviation of the Gaussian sensor noise. Default 3. */
  noise?: number;
  objects?: SceneObject[];
  /** Global light gain per frame (1: as learnt). */
  gain?: (frame: number) => number;
  /** Extra light from a lamp at (x, y) (normalised) with a Gaussian falloff of `radius` (normalised width). */
  lamp?: { x: number; y: number; radius: number; strength: (frame: number) => number };
  /** A patch of fine foliage texture swaying sideways by `amplitude` px over `period` frames. */
  sway?: { x: number; y: number; w: number; h: number; amplitude: number; period: number };
}

/** Deterministic 32-bit random numbers (mulberry32). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A smooth random texture in [-1, 1]: a few octaves of bilinear value noise. */
function texture(width: number, height: number, rnd: () => number, cell: number): Float32Array {
  const out = new Float32Array(width * height);
  let amp = 1;
  let total = 0;
  for (let c = cell; c >= 2; c = Math.floor(c / 2), amp *= 0.6) {
    const gw = Math.ceil(width / c) + 2;
    const gh = Math.ceil(height / c) + 2;
    const grid = Float32Array.from({ length: gw * gh }, () => rnd() * 2 - 1);
    for (let y = 0; y < height; y++) {
      const gy = y / c, y0 = Math.floor(gy), fy = gy - y0;
      for (let x = 0; x < width; x++) {
        const gx = x / c, x0 = Math.floor(gx), fx = gx - x0;
        const a = grid[y0 * gw + x0]! * (1 - fx) + grid[y0 * gw + x0 + 1]! * fx;
        const b = grid[(y0 + 1) * gw + x0]! * (1 - fx) + grid[(y0 + 1) * gw + x0 + 1]! * fx;
        out[y * width + x] = out[y * width + x]! + amp * (a * (1 - fy) + b * fy);
      }
    }
    total += amp;
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / total;
  return out;
}

/** Renders frames of a SceneSpec with their truth masks. */
export class Scene {
  readonly spec: SceneSpec;
  private readonly background: Float32Array;
  private readonly foliage: Float32Array;
  private readonly objectTexture: Float32Array;
  private readonly noiseTable: Float32Array;
  private readonly rnd: () => number;

  constructor(spec: SceneSpec) {
    this.spec = spec;
    const { width, height } = spec;
    const rnd = random(spec.seed ?? 1);
    this.rnd = rnd;
    const base = texture(width, height, rnd, 32);
    const level = spec.level ?? 120;
    const amp = spec.texture ?? 50;
    this.background = base.map((v) => level + amp * v);
    this.foliage = texture(width + 64, height, rnd, 4);
    this.objectTexture = texture(256, 256, rnd, 8);
    this.noiseTable = new Float32Array(1 << 16);
    for (let i = 0; i < this.noiseTable.length; i += 2) {
      const u = Math.max(1e-9, rnd());
      const v = rnd();
      const r = Math.sqrt(-2 * Math.log(u));
      this.noiseTable[i] = r * Math.cos(2 * Math.PI * v);
      this.noiseTable[i + 1] = r * Math.sin(2 * Math.PI * v);
    }
  }

  /** Where object o is at frame n (top-left corner), or undefined when it is not in the scene. */
  objectAt(o: SceneObject, n: number): { x: number; y: number } | undefined {
    if (n < (o.from ?? 0) || n > (o.to ?? Infinity)) return undefined;
    const t = n - (o.from ?? 0);
    return { x: bounce(o.x + o.vx * t, this.spec.width - o.w), y: bounce(o.y + o.vy * t, this.spec.height - o.h) };
  }

  /** Writes frame n into `out` and its truth (255 object, 0 background) into `truth`. */
  render(n: number, out: Uint8Array, truth?: Uint8Array): void {
    const { width, height, sway, lamp } = this.spec;
    const sigma = this.spec.noise ?? 3;
    const g = this.spec.gain ? this.spec.gain(n) : 1;
    const scene = new Float32Array(this.background);
    if (truth) truth.fill(0);
    if (sway) {
      const shift = sway.amplitude * Math.sin((2 * Math.PI * n) / sway.period);
      for (let y = sway.y; y < sway.y + sway.h; y++) {
        for (let x = sway.x; x < sway.x + sway.w; x++) {
          const sx = x + 32 + shift, x0 = Math.floor(sx), f = sx - x0;
          const row = y * (width + 64);
          const v = this.foliage[row + x0]! * (1 - f) + this.foliage[row + x0 + 1]! * f;
          scene[y * width + x] = 90 + 70 * v;
        }
      }
    }
    for (const o of this.spec.objects ?? []) {
      const at = this.objectAt(o, n);
      if (!at) continue;
      const ox = Math.round(at.x), oy = Math.round(at.y);
      for (let y = 0; y < o.h; y++) {
        for (let x = 0; x < o.w; x++) {
          const i = (oy + y) * width + ox + x;
          scene[i] = o.level + (o.texture ?? 20) * this.objectTexture[(y & 255) * 256 + (x & 255)]!;
          if (truth) truth[i] = 255;
        }
      }
    }
    const start = Math.floor(this.rnd() * this.noiseTable.length);
    const strength = lamp ? lamp.strength(n) : 0;
    for (let y = 0, i = 0; y < height; y++) {
      for (let x = 0; x < width; x++, i++) {
        let light = g;
        if (strength !== 0 && lamp) {
          const dx = x / width - lamp.x, dy = (y - lamp.y * height) / width;
          light += strength * Math.exp(-(dx * dx + dy * dy) / (2 * lamp.radius * lamp.radius));
        }
        const v = scene[i]! * light + sigma * this.noiseTable[(start + i * 7) & 0xffff]!;
        out[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
}

/** Reflects a coordinate into [0, max] (the object bounces off the frame's edges). */
function bounce(v: number, max: number): number {
  if (max <= 0) return 0;
  const period = 2 * max;
  const m = ((v % period) + period) % period;
  return m <= max ? m : period - m;
}
