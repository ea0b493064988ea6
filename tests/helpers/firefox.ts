/**
 * Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi, headless, for the viewer's
 * Firefox tests. Firefox here never downloads its OpenH264 plugin, so it offers no H.264 over
 * WebRTC (the live view then takes the data-channel path). Nothing may leave the machine: updates,
 * telemetry, plugin downloads, safe browsing, captive-portal and connectivity checks are off, and
 * any other HTTP(S) goes to a dead proxy on loopback. Uncaught page errors are collected.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Where Debian installs it (`apt-get install firefox-esr`, in .ci/run). */
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

/** Preferences that keep Firefox on this machine and quiet. */
export const OFFLINE_PREFS: Record<string, string | number | boolean> = {
  // No OpenH264 (or any media plugin) download, no updates of Firefox or its add-ons.
  'media.gmp-manager.url': 'http://127.0.0.1:9/',
  'media.gmp-manager.updateEnabled': false,
  'media.gmp-gmpopenh264.autoupdate': false,
  'media.gmp-gmpopenh264.enabled': false,
  'app.update.enabled': false,
  'app.update.auto': false,
  'extensions.update.enabled': false,
  'extensions.blocklist.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'browser.search.update': false,
  // No telemetry, reports or studies.
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': 'http://127.0.0.1:9/',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'app.shield.optoutstudies.enabled': false,
  'app.normandy.enabled': false,
  // No safe browsing lists, captive-portal or connectivity probes, geolocation or region lookups.
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'captivedetect.canonicalURL': '',
  'browser.region.network.url': '',
  'geo.provider.network.url': '',
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  // Everything but loopback goes to a closed port: a request we did not think of fails here.
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
  // Real host candidates instead of mDNS names (resolving those would multicast).
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // No picture-in-picture button over hovered videos (it would cover screenshots).
  'media.videocontrols.picture-in-picture.video-toggle.enabled': false,
  // Media autoplays muted (as in the viewer's tiles) without a click.
  'media.autoplay.default': 0,
};

/** A Firefox page and the uncaught errors it raised. */
export interface FirefoxPage {
  page: Page;
  errors: string[];
}

/**
 * Firefox's own fake camera and microphone, allowed without a prompt: getUserMedia goes through
 * Firefox's whole capture path and gives a moving colour pattern (it cannot show a chosen picture).
 */
export const FAKE_MEDIA_PREFS: Record<string, boolean> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
};

/**
 * Launches Firefox ESR headless with OFFLINE_PREFS plus `prefs`; with `pulseServer`
 * (helpers/pulse.ts) its sound goes there, so WebAudio runs on a machine without a sound card.
 */
export function launchFirefox(options: { pulseServer?: string; prefs?: Record<string, string | number | boolean> } = {}): Promise<Browser> {
  const env = options.pulseServer ? { ...process.env, PULSE_SERVER: options.pulseServer } : undefined;
  return puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, extraPrefsFirefox: { ...OFFLINE_PREFS, ...options.prefs }, ...(env ? { env } : {}) });
}

/** Opens `url` in a 1280×800 page whose uncaught errors land in `errors`. */
export async function openFirefoxPage(browser: Browser, url: string): Promise<FirefoxPage> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  await page.goto(url);
  return { page, errors };
}

/**
 * The few reads and clicks the Firefox tests make on `page()` (a getter: the page is opened in a
 * beforeAll): an element's text ('' when absent), how many match, a click on a button by label.
 */
export function pageQueries(page: () => Page) {
  return {
    text: (selector: string) => page().$eval(selector, (el) => el.textContent ?? '').catch(() => ''),
    count: (selector: string) => page().$$eval(selector, (els) => els.length),
    clickButton: (label: string) =>
      page().evaluate((l) => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === l)?.click(), label),
  };
}
