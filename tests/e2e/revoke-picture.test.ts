// Revoking a viewer stops its picture, not only its entry in /api/sessions: the viewer UI (over
// wss:// with the pinned key, on a non-loopback address) loses its video and says why, and a
// viewer that ignores the streamer's bye stops receiving frames all the same, while a viewer that
// was not revoked keeps decoding.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { SignalingClient } from '@vigil/signaling/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { launchChromium, openViewerPage, type PageViewer } from '../helpers/chromium.ts';
import { connectSignaling, pair, watch } from '../helpers/paired-viewer.ts';
import { testInterface, type TestInterface } from '../helpers/test-interface.ts';
import { expectLive, framesOf, launchPinned, messageOf, openPage, pasteUri, showCamera, untilStill } from '../helpers/viewer-ui.ts';
import { waitFor } from '../helpers/wait.ts';
import { buildViewer } from '../viewer/harness.ts';

describe('a revoked viewer’s picture stops', () => {
  let net: TestInterface;
  let tmp: string;
  let engine: Engine;
  let client: SignalingClient;
  const browsers: Browser[] = [];

  const api = (method: string, path: string) => fetch(engine.info.apiUrl + path, { method, headers: { authorization: `Bearer ${engine.info.adminToken}` } });
  const offer = async () => ((await (await api('POST', '/api/pairing/offers')).json()) as { uri: string }).uri;
  const viewers = async () => (await (await api('GET', '/api/viewers')).json()) as { id: string; name: string }[];
  const sessions = async () => (await (await api('GET', '/api/sessions')).json()) as { viewer: string }[];
  /** A viewer driven from Node that never reads a bye: only the engine can stop its picture. */
  const stubbornViewer = async (name: string, page: Awaited<ReturnType<typeof openViewerPage>>): Promise<{ viewer: PageViewer; viewerId: string }> => {
    const { cred, refusal } = await pair(client, await offer(), name);
    expect(refusal).toBeUndefined();
    const { viewer, refusal: refused } = await watch(client, page, cred, 'door');
    expect(refused).toBeUndefined();
    await waitFor(viewer.stats, (s) => s.framesDecoded > 10, 30_000, { what: `${name} decoding` });
    return { viewer, viewerId: cred!.viewerId };
  };
  const decoded = (viewer: PageViewer) => async () => (await viewer.stats()).framesDecoded;

  beforeAll(async () => {
    net = await testInterface();
    tmp = await mkdtemp(join(tmpdir(), 'vigil-revoke-picture-'));
    await buildViewer(join(tmp, 'viewer'));
    engine = await startEngine({
      dataDir: join(tmp, 'engine'),
      apiPort: 0,
      signalingPort: 0,
      signalingHost: '0.0.0.0',
      viewerDist: join(tmp, 'viewer'),
      defaults: { name: 'Home', cameras: [{ id: 'door', name: 'Front door', source: { kind: 'test-pattern', width: 320, height: 180, fps: 10 } }] },
    });
    client = await connectSignaling(engine.info.signalingUrl, engine.info.fingerprint!.pin);
  });

  afterAll(async () => {
    client?.stop();
    for (const browser of browsers) await browser.close();
    await engine?.stop();
    net?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the viewer UI loses its video and says it is no longer paired; another viewer watches on', async () => {
    const pinned = await launchPinned([engine.info.fingerprint!.spkiSha256]);
    browsers.push(pinned);
    const { page, errors } = await openPage(pinned, engine.info.viewerUrl!);
    expect(await pasteUri(page, await offer())).toContain('Added “Home”');
    await showCamera(page, 'door');
    await expectLive(page);

    const plain = await launchChromium();
    browsers.push(plain);
    const other = await stubbornViewer('Kept', await openViewerPage(plain));

    const ui = (await viewers()).find((v) => v.name.startsWith('Browser on '))!;
    expect(ui).toBeDefined();
    expect((await api('DELETE', `/api/viewers/${ui.id}`)).status).toBe(204);
    await waitFor(() => messageOf(page, 0), (t) => /not paired with this streamer/.test(t), 20_000, { what: 'the tile to say the viewer is not paired' });
    await untilStill(() => framesOf(page, 0), 'the revoked tile’s frames');
    expect(await page.locator('[data-testid=tile][data-slot="0"]').getAttribute('data-phase')).not.toBe('live');
    // The kept viewer still decodes.
    const now = await decoded(other.viewer)();
    await waitFor(decoded(other.viewer), (n) => n > now + 10, 20_000, { what: 'the kept viewer decoding on' });
    expect(errors).toEqual([]);
  });

  it('a revoked viewer that ignores the bye stops receiving frames; the kept one goes on', async () => {
    const plain = await launchChromium();
    browsers.push(plain);
    const page = await openViewerPage(plain);
    const kept = await stubbornViewer('Kept too', page);
    const revoked = await stubbornViewer('Revoked', page);
    expect((await sessions()).map((s) => s.viewer)).toEqual(expect.arrayContaining([kept.viewerId, revoked.viewerId]));

    expect((await api('DELETE', `/api/viewers/${revoked.viewerId}`)).status).toBe(204);
    const still = await untilStill(decoded(revoked.viewer), 'frames decoded by the revoked viewer');
    expect((await sessions()).map((s) => s.viewer)).not.toContain(revoked.viewerId);
    const keptNow = await decoded(kept.viewer)();
    await waitFor(decoded(kept.viewer), (n) => n > keptNow + 10, 20_000, { what: 'the kept viewer decoding on' });
    // Still nothing for the revoked one, though its page never closed its connection.
    expect(await decoded(revoked.viewer)()).toBe(still);
  });
});
