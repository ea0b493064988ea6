/**
 * Copies the README's pictures from the end-to-end tests' output (tests/e2e/screenshots/, written
 * on every run, ignored by git) into docs/screenshots/ (tracked). Tests never write into docs/:
 * a run changes no tracked file, and the pictures change only when someone chooses to.
 *
 *   npx tsx scripts/docs-screenshots.ts            every picture below whose screenshot exists
 *   npx tsx scripts/docs-screenshots.ts NAME.png…  only these (fails if one was not taken)
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHOTS = fileURLToPath(new URL('../tests/e2e/screenshots/', import.meta.url));
const DOCS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

/** docs/screenshots/<name> ← tests/e2e/screenshots/<screenshot>, and the test that takes it. */
export const PICTURES: Record<string, { screenshot: string; test: string }> = {
  'viewer-engine-grid-4.png': { screenshot: 'viewer-engine-grid-4.png', test: 'viewer-engine' },
  'viewer-engine-relay-altered-offer.png': { screenshot: 'viewer-engine-relay-altered-offer.png', test: 'viewer-engine' },
  'viewer-first-run.png': { screenshot: 'viewer-first-run.png', test: 'viewer' },
  'viewer-playback.png': { screenshot: 'playback-timeline.png', test: 'playback' },
  'viewer-sites.png': { screenshot: 'viewer-sites.png', test: 'viewer-sites' },
  'streamer-cameras.png': { screenshot: 'streamer-cameras.png', test: 'streamer-ui' },
  'streamer-pairing-viewer.png': { screenshot: 'streamer-pairing-viewer.png', test: 'streamer-ui' },
  'streamer-wizard-wrong-password.png': { screenshot: 'streamer-wizard-wrong-password.png', test: 'streamer-ui' },
  'streamer-cameras-groups.png': { screenshot: 'streamer-cameras-groups.png', test: 'streamer-sites' },
  'streamer-motion-boxes.png': { screenshot: 'streamer-motion-boxes.png', test: 'streamer-motion' },
  'streamer-alerts.png': { screenshot: 'streamer-alerts.png', test: 'streamer-alerts' },
  'streamer-wizard-onvif-found.png': { screenshot: 'streamer-wizard-onvif-found.png', test: 'streamer-onvif' },
  'streamer-wizard-onvif-streams.png': { screenshot: 'streamer-wizard-onvif-streams.png', test: 'streamer-onvif' },
  'streamer-recordings.png': { screenshot: 'streamer-recordings.png', test: 'streamer-recordings' },
  'streamer-recordings-quota-refused.png': { screenshot: 'streamer-recordings-quota-refused.png', test: 'streamer-recordings' },
  'streamer-recordings-verify-tampered.png': { screenshot: 'streamer-recordings-verify-tampered.png', test: 'streamer-recordings' },
  'streamer-system.png': { screenshot: 'streamer-system.png', test: 'streamer-system' },
  'streamer-detection-camera.png': { screenshot: 'streamer-detection-camera.png', test: 'streamer-detection-settings' },
  'streamer-detection-rule.png': { screenshot: 'streamer-detection-rule-form.png', test: 'streamer-detection-settings' },
  'detection-labels.png': { screenshot: 'detection-labels.png', test: 'detection-viewer' },
};

function main(names: string[]): number {
  const unknown = names.filter((name) => !(name in PICTURES));
  if (unknown.length > 0) {
    console.error(`not a README picture: ${unknown.join(', ')} (known: ${Object.keys(PICTURES).join(', ')})`);
    return 2;
  }
  mkdirSync(DOCS, { recursive: true });
  let missing = 0;
  for (const name of names.length > 0 ? names : Object.keys(PICTURES)) {
    const { screenshot, test } = PICTURES[name]!;
    const from = join(SHOTS, screenshot);
    if (!existsSync(from)) {
      console.log(`skipped ${name}: ${screenshot} not taken (run tests/e2e/${test}.test.ts)`);
      missing++;
      continue;
    }
    copyFileSync(from, join(DOCS, name));
    console.log(`copied  ${screenshot} → docs/screenshots/${name}`);
  }
  return names.length > 0 && missing > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
