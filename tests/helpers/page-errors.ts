/**
 * Uncaught exceptions and unhandled rejections in any page a test opens. Every browser the
 * helpers launch is watched (watchPageErrors), and the e2e project's setup file fails the test
 * that was running when one happened. A test that provokes an error on purpose takes it with
 * takePageErrors() and asserts on it.
 */
import type { Browser, BrowserContext } from 'playwright-core';

const seen: string[] = [];
const watched = new WeakSet<BrowserContext>();

export function watchContext(context: BrowserContext): void {
  if (watched.has(context)) return;
  watched.add(context);
  // 'weberror' is the context-wide 'pageerror': uncaught exceptions and unhandled rejections.
  context.on('weberror', (webError) => {
    const error = webError.error();
    seen.push(`${webError.page()?.url() ?? 'a page'}: ${error.stack ?? error.message}`);
  });
}

/** Records the page errors of every context and page later made by `browser`; returns it. */
export function watchPageErrors(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    watchContext(context);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => {
    const page = await newPage(...args);
    watchContext(page.context());
    return page;
  };
  return browser;
}

/** The page errors recorded since the last call, which forgets them. */
export function takePageErrors(): string[] {
  return seen.splice(0);
}
