/**
 * Chromium inside a lab namespace: Playwright starts it through a two-line wrapper that runs
 * `ip netns exec <ns> /usr/bin/chromium`, and talks to it over its pipe as usual. A persistent
 * profile lets "the same viewer" leave home: close it in one namespace, open it in another.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS } from './chromium.ts';
import { watchContext } from './page-errors.ts';

/** Launches Chromium in `ns` on `profileDir`, trusting exactly the TLS keys given (base64 SPKI SHA-256). */
export async function launchChromiumIn(ns: string, profileDir: string, pins: readonly string[]): Promise<BrowserContext> {
  const bin = `${profileDir}-bin`;
  await mkdir(bin, { recursive: true });
  const wrapper = join(bin, 'chromium');
  await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec '${ns.replace(/'/g, '')}' /usr/bin/chromium "$@"\n`);
  await chmod(wrapper, 0o755);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: wrapper,
    args: [...CHROMIUM_ARGS, ...(pins.length ? [`--ignore-certificate-errors-spki-list=${pins.join(',')}`] : []), ...(process.env.VIGIL_CHROME_LOG ? ['--enable-logging=stderr', '--v=0', `--vmodule=${process.env.VIGIL_CHROME_LOG}`] : [])],
    viewport: { width: 1280, height: 800 },
  });
  watchContext(context);
  return context;
}
