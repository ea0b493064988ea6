/**
 * Helpers of the streamer UI's end-to-end tests: build the UI with its own Vite config, and read
 * the pairing QR code back from the pixels Chromium rendered (as a phone camera would).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQRModule from 'jsqr';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

// jsqr is CommonJS with an ES-style default: under NodeNext it arrives wrapped once more.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);

/** apps/streamer, where vite.config.ts lives. */
export const STREAMER_DIR = fileURLToPath(new URL('../../apps/streamer/', import.meta.url));

/**
 * Builds the streamer UI into `outDir`. Under vitest (NODE_ENV=test) React comes in its
 * development build, larger but with its warnings, which the tests count as page errors.
 */
export async function buildStreamerUi(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(STREAMER_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2048 } });
}

/**
 * Screenshots `element` and decodes the QR code in it; undefined when none is found. The PNG is
 * turned into pixels by the page itself (an <img> from a data: URL, which its CSP allows).
 */
export async function decodeQr(page: Page, element: Locator): Promise<string | undefined> {
  const png = (await element.screenshot()).toString('base64');
  const { width, height, data } = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { width: pixels.width, height: pixels.height, data: Array.from(pixels.data) };
  }, png);
  return jsQR(Uint8ClampedArray.from(data), width, height)?.data;
}

/** A test client of an engine's control API with its admin token: JSON in and out, status below 400 expected. */
export function adminApi(engine: () => { info: { apiUrl: string; adminToken: string } }) {
  return async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const { apiUrl, adminToken } = engine().info;
    const res = await fetch(apiUrl + path, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(400);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}

/** Collects what a page got wrong into `errors`: uncaught exceptions, console errors, HTTP failures. */
export function collectPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('response', (res) => res.status() >= 400 && errors.push(`${res.status()} ${res.request().method()} ${res.url()}`));
}
