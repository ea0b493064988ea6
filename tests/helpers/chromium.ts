/**
 * Launches Debian's Chromium headless with the flags this machine needs, and opens the test
 * viewer page (tests/fixtures/viewer.html), which drives a browser RTCPeerConnection.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { watchPageErrors } from './page-errors.ts';

/** Chromium flags for tests: headless, no sandbox (container), nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Real host candidates instead of mDNS names: resolving those would multicast.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  // Headless pages are "hidden": keep their timers and video frame callbacks at full rate.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];

/** Launches Chromium with a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 60_000 }).then(watchPageErrors);
}

const VIEWER_URL = pathToFileURL(fileURLToPath(new URL('../fixtures/viewer.html', import.meta.url))).href;

/** Stats the viewer page reports for one peer connection. */
export interface ViewerStats {
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
  keyFramesDecoded: number;
  pliCount: number;
  nackCount: number;
  packetsLost: number;
  connectionState: string;
  /** performance.now() when the connection came up, 0 before. */
  connectedAt: number;
  /** performance.now() when ICE reached connected, 0 before. */
  iceConnectedAt: number;
  /** performance.now() of the first frame handed to the video element, 0 before. */
  firstFrameAt: number;
  createdAt: number;
  events: number;
  channelOpen: boolean;
}

/** An ICE candidate as the page reports it. */
export interface PageCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/** One browser peer connection in a viewer page. */
export interface PageViewer {
  id: number;
  offer: string;
  accept(answerSdp: string): Promise<void>;
  addCandidate(candidate: PageCandidate): Promise<void>;
  takeCandidates(): Promise<PageCandidate[]>;
  stats(): Promise<ViewerStats>;
  events(): Promise<unknown[]>;
  latencies(): Promise<number[]>;
  close(): Promise<void>;
}

/** Opens the viewer page. */
export async function openViewerPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(VIEWER_URL);
  return page;
}

/** Creates a peer connection in the page and returns its offer (complete unless trickle). */
export async function createViewer(page: Page, options: { trickle?: boolean; video?: boolean; stamps?: boolean; audio?: boolean } = {}): Promise<PageViewer> {
  const { id, offer } = await page.evaluate(`window.vigil.create(${JSON.stringify(options)})`) as { id: number; offer: string };
  const call = <T>(name: string, ...args: unknown[]) => page.evaluate(`window.vigil.${name}(${[id, ...args].map((arg) => JSON.stringify(arg)).join(',')})`) as Promise<T>;
  return {
    id,
    offer,
    accept: (sdp) => call('accept', sdp),
    addCandidate: (candidate) => call('addCandidate', candidate),
    takeCandidates: () => call('takeCandidates'),
    stats: () => call('stats'),
    events: () => call('events'),
    latencies: () => call('latencies'),
    close: () => call('close'),
  };
}

/** The tests' one wait, which throws on timeout (tests/helpers/wait.ts). */
export { waitFor } from './wait.ts';
