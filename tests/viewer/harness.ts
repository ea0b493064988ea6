/**
 * Helpers of the viewer's end-to-end tests: build the UI with Vite, serve it from a tiny static
 * server on 127.0.0.1, make a fake-webcam video of a QR code, launch Chromium.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import QRCode from 'qrcode';
import { chromium, type Browser } from 'playwright-core';
import { CONTENT_TYPES } from '../../apps/signaling/src/node/static-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { watchPageErrors } from '../helpers/page-errors.ts';

const run = promisify(execFile);

/** apps/viewer, where vite.config.ts lives. */
export const VIEWER_DIR = fileURLToPath(new URL('../../apps/viewer/', import.meta.url));

/** Builds the viewer UI into `outDir` with the app's own Vite config. */
export async function buildViewer(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(VIEWER_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/** Serves `dir` on 127.0.0.1 (a random port); resolves with the base URL and the server. */
export async function serveStatic(dir: string): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const root = normalize(dir + sep);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    // A browser still open may hold a connection it opened ahead and never sent a request on;
    // close() alone would wait for its header timeout (a minute or more), so every one ends now.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Writes a Y4M video (Chromium's fake webcam input) showing the QR code of `text`, small in a
 * 320×240 frame so the scanner's upscaling is exercised.
 */
export async function qrWebcamVideo(text: string, dir: string): Promise<string> {
  const png = join(dir, 'qr.png');
  const y4m = join(dir, 'qr.y4m');
  await QRCode.toFile(png, text, { errorCorrectionLevel: 'L', margin: 4, width: 200 });
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-vf', 'pad=320:240:(ow-iw)/2:(oh-ih)/2:color=0x707070,format=yuv420p', '-r', '10', '-frames:v', '10', '-pix_fmt', 'yuv420p', y4m]);
  return y4m;
}


/** Launches Chromium with a fake webcam that plays `y4m`, camera permission granted. */
export function launchWithWebcam(y4m: string): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`, '--use-fake-ui-for-media-stream'],
  }).then(watchPageErrors);
}

/** The tests' one wait, which throws on timeout (tests/helpers/wait.ts). */
export { waitFor } from '../helpers/wait.ts';
