/**
 * Screen capture for reading a QR code shown on this computer (e.g. the streamer app on the same
 * desk): one still of the primary screen as PNG. Nothing is recorded or kept.
 */
import type { DesktopCapturer, Screen } from 'electron';

/** Default capture width (px): enough for a QR code filling a tenth of a 4K screen. */
export const DEFAULT_CAPTURE_WIDTH = 1920;
/** Shortest interval between two captures (ms); a scanning page polls, this bounds how fast. */
export const MIN_CAPTURE_INTERVAL_MS = 250;

/** Electron APIs used, passed in so a test can stand in for them. */
export interface ScreenDeps {
  desktopCapturer: Pick<DesktopCapturer, 'getSources'>;
  screen: Pick<Screen, 'getPrimaryDisplay'>;
}

/** A PNG still of the primary screen, scaled to at most `maxWidth` pixels wide. */
export async function capturePrimaryScreen(deps: ScreenDeps, maxWidth = DEFAULT_CAPTURE_WIDTH): Promise<{ dataUrl: string; width: number; height: number }> {
  const display = deps.screen.getPrimaryDisplay();
  const width = Math.round(display.size.width * display.scaleFactor);
  const height = Math.round(display.size.height * display.scaleFactor);
  const scale = Math.min(1, maxWidth / width);
  const thumbnailSize = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  const sources = await deps.desktopCapturer.getSources({ types: ['screen'], thumbnailSize, fetchWindowIcons: false });
  const source = sources.find((s) => s.display_id === String(display.id)) ?? sources[0];
  // An empty thumbnail is what macOS returns when screen recording is not permitted.
  if (!source || source.thumbnail.isEmpty()) throw new Error('Screen capture is not available (is screen recording permitted for Vigil?)');
  const size = source.thumbnail.getSize();
  return { dataUrl: `data:image/png;base64,${source.thumbnail.toPNG().toString('base64')}`, width: size.width, height: size.height };
}
