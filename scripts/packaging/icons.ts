/**
 * Draws the app icons (512×512 PNG, resources/<app>/icon.png), the streamer's tray icon
 * (resources/streamer/tray.png, tray@2x.png) and the viewer's web app icons
 * (apps/viewer/public/icons/: 192 and 512 px, and a maskable 512 whose tiles keep to the safe
 * zone): a dark rounded square with a camera lens (streamer)
 * or a 2×2 grid of live tiles (viewer), in the UI's accent blue.
 * electron-builder derives the Windows .ico and macOS .icns from these PNGs.
 *
 *   npx tsx scripts/packaging/icons.ts
 *
 * Shapes are signed-distance functions sampled 4×4 per pixel, so edges are smooth without any
 * image library; the PNG is written with node:zlib.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

type Rgba = [number, number, number, number];
/** A layer: signed distance (negative inside) and colour at a point in 0..1 coordinates. */
type Layer = { sdf: (x: number, y: number) => number; color: Rgba };

const BACKGROUND: Rgba = [17, 19, 24, 255];
const PANEL: Rgba = [34, 38, 48, 255];
const ACCENT: Rgba = [77, 148, 255, 255];
const LIGHT: Rgba = [226, 232, 240, 255];

const circle = (cx: number, cy: number, r: number) => (x: number, y: number) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx: number, cy: number, r: number, width: number) => (x: number, y: number) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
function roundedRect(cx: number, cy: number, hw: number, hh: number, r: number) {
  return (x: number, y: number) => {
    const qx = Math.abs(x - cx) - hw + r;
    const qy = Math.abs(y - cy) - hh + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

const TILES: [number, number][] = [[0.3, 0.3], [0.7, 0.3], [0.3, 0.7], [0.7, 0.7]];

/** The layers of each app's icon, back to front. */
export const ICONS: Record<'streamer' | 'viewer', Layer[]> = {
  streamer: [
    { sdf: roundedRect(0.5, 0.5, 0.46, 0.46, 0.11), color: BACKGROUND },
    { sdf: circle(0.5, 0.5, 0.3), color: PANEL },
    { sdf: ring(0.5, 0.5, 0.3, 0.045), color: ACCENT },
    { sdf: circle(0.5, 0.5, 0.15), color: ACCENT },
    { sdf: circle(0.445, 0.445, 0.045), color: LIGHT },
    // The "recording" dot.
    { sdf: circle(0.8, 0.2, 0.055), color: [239, 68, 68, 255] },
  ],
  viewer: [
    { sdf: roundedRect(0.5, 0.5, 0.46, 0.46, 0.11), color: BACKGROUND },
    // Four live tiles, each showing a camera lens; the first one is the selected tile.
    { sdf: roundedRect(0.3, 0.3, 0.185, 0.185, 0.045), color: ACCENT },
    ...TILES.flatMap(([cx, cy]) => [
      { sdf: roundedRect(cx, cy, 0.17, 0.17, 0.035), color: PANEL },
      { sdf: ring(cx, cy, 0.075, 0.026), color: ACCENT },
      { sdf: circle(cx, cy, 0.032), color: ACCENT },
    ]),
  ],
};

/** The same layers drawn `scale` times smaller about the centre (a maskable icon's safe zone). */
function shrink(layers: Layer[], scale: number): Layer[] {
  return layers.map(({ sdf, color }) => ({ sdf: (x: number, y: number) => sdf(0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale) * scale, color }));
}

/** The viewer's maskable web app icon: full-bleed background, tiles within the safe zone (a circle of 40 % radius). */
export const VIEWER_MASKABLE: Layer[] = [{ sdf: roundedRect(0.5, 0.5, 0.5, 0.5, 0), color: BACKGROUND }, ...shrink(ICONS.viewer.slice(1), 0.7)];

/** Renders layers into RGBA pixels (size×size), 4×4 samples per pixel. */
export function render(layers: Layer[], size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let color: Rgba = [0, 0, 0, 0];
          for (const layer of layers) if (layer.sdf(x, y) <= 0) color = layer.color;
          // Premultiplied, so transparent samples do not darken edges.
          const a = color[3] / 255;
          sum[0]! += color[0] * a;
          sum[1]! += color[1] * a;
          sum[2]! += color[2] * a;
          sum[3]! += color[3];
        }
      }
      const alpha = sum[3]! / (n * n);
      const o = (py * size + px) * 4;
      const unpremultiply = alpha > 0 ? 255 / alpha / (n * n) : 0;
      pixels[o] = Math.round(sum[0]! * unpremultiply);
      pixels[o + 1] = Math.round(sum[1]! * unpremultiply);
      pixels[o + 2] = Math.round(sum[2]! * unpremultiply);
      pixels[o + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes RGBA pixels as a PNG (8-bit RGBA, no filtering). */
export function encodePng(pixels: Uint8Array, size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) raw.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array())]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [app, layers] of Object.entries(ICONS)) {
    const dir = fileURLToPath(new URL(`../../resources/${app}/`, import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}icon.png`, encodePng(render(layers, 512), 512));
    console.log(`wrote resources/${app}/icon.png`);
  }
  // The streamer's tray icon, at 1× and 2× (Electron picks tray@2x.png on HiDPI screens).
  for (const [name, size] of [['tray.png', 32], ['tray@2x.png', 64]] as const) {
    writeFileSync(fileURLToPath(new URL(`../../resources/streamer/${name}`, import.meta.url)), encodePng(render(ICONS.streamer, size), size));
    console.log(`wrote resources/streamer/${name}`);
  }
  // The viewer's web app manifest icons (served with the viewer; see apps/viewer/public).
  const web = fileURLToPath(new URL('../../apps/viewer/public/icons/', import.meta.url));
  mkdirSync(web, { recursive: true });
  for (const [name, layers, size] of [['icon-192.png', ICONS.viewer, 192], ['icon-512.png', ICONS.viewer, 512], ['maskable-512.png', VIEWER_MASKABLE, 512]] as const) {
    writeFileSync(`${web}${name}`, encodePng(render(layers, size), size));
    console.log(`wrote apps/viewer/public/icons/${name}`);
  }
}
