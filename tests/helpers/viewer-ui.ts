/**
 * Driving the viewer UI in Chromium the way a person does: paste a pairing link, drag a camera
 * onto a tile, watch the tile decode. Every page collects its uncaught errors for the test to check.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from './chromium.ts';
import { watchPageErrors } from './page-errors.ts';
import { waitFor } from './wait.ts';

/** Chromium that trusts exactly the TLS keys given (base64 SPKI SHA-256; none: no invalid certificate at all). */
export function launchPinned(spkiSha256: string[]): Promise<Browser> {
  const pins = spkiSha256.length ? [`--ignore-certificate-errors-spki-list=${spkiSha256.join(',')}`] : [];
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...pins], timeout: 60_000 }).then(watchPageErrors);
}

/** A page whose uncaught errors land in `errors` (a test asserts it stays empty). */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

/** Pastes a pairing link on the Add streamer screen; resolves with the outcome the page shows. */
export async function pasteUri(page: Page, uri: string, timeoutMs = 30_000): Promise<string> {
  await page.getByRole('button', { name: 'Add streamer', exact: true }).first().click();
  await page.getByTestId('uri-input').fill(uri);
  await page.getByTestId('uri-submit').click();
  const outcome = await waitFor(() => page.getByTestId('add-outcome').textContent(), (t) => !!t && !t.includes('Pairing with'), timeoutMs, { what: 'the pairing outcome' });
  return outcome ?? '';
}

/** The tile in `slot` of the live grid. */
export const tile = (page: Page, slot: number) => page.locator(`[data-testid=tile][data-slot="${slot}"]`);

/** Frames the tile's video element decoded so far. */
export const framesOf = async (page: Page, slot: number) => Number(await tile(page, slot).getAttribute('data-frames-decoded'));

/** The tile's overlay message (empty while live). */
export const messageOf = async (page: Page, slot: number) => (await tile(page, slot).getByTestId('tile-message').allTextContents()).join(' ');

/** Opens the live view and puts `camera` on the tile in `slot`. */
export async function showCamera(page: Page, camera: string, slot = 0): Promise<void> {
  await page.getByRole('button', { name: 'Live', exact: true }).click();
  const item = page.locator(`[data-testid=camera-item][data-camera="${camera}"]`);
  await waitFor(() => item.count(), (n) => n > 0, 20_000, { what: `camera ${camera} in the list` });
  await item.dragTo(tile(page, slot));
}

/** Waits until the tile decodes video and keeps decoding; names the tile's message on failure. */
export async function expectLive(page: Page, slot = 0, timeoutMs = 30_000): Promise<number> {
  const first = await waitFor(() => framesOf(page, slot), (n) => n > 0, timeoutMs, { what: `video on tile ${slot}`, explain: async () => `the tile says: ${await messageOf(page, slot)}` });
  return waitFor(() => framesOf(page, slot), (n) => n > first, 10_000, { what: `tile ${slot} still decoding` });
}

/**
 * Waits until a growing count (frames decoded) stands still for `stillMs`: a picture that stopped.
 * Throws naming the count's last readings when it keeps growing.
 */
export async function untilStill(read: () => Promise<number>, what: string, stillMs = 3000, timeoutMs = 30_000): Promise<number> {
  const seen: { at: number; n: number }[] = [];
  const samples = await waitFor(
    async () => {
      seen.push({ at: Date.now(), n: await read() });
      return seen.slice(-40);
    },
    (list) => {
      const last = list.at(-1)!;
      const from = list.findLastIndex((s) => s.at <= last.at - stillMs);
      return from >= 0 && list.slice(from).every((s) => s.n === last.n);
    },
    timeoutMs,
    { what: `${what} to stand still for ${stillMs} ms` },
  );
  return samples.at(-1)!.n;
}
