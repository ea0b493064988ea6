/**
 * Connects a viewer page to the engine the way the signalling glue will: the page offers, the
 * engine answers, and candidates trickle both ways until the connection is up.
 */
import type { Page } from 'playwright-core';
import type { CameraManager, LiveSession } from '../../apps/streamer/src/engine/camera/index.ts';
import { createViewer, type PageViewer } from './chromium.ts';

/** A connected viewer and its engine session. */
export interface Connected {
  viewer: PageViewer;
  session: LiveSession;
}

/** Opens a session for a new page viewer; trickles the page's candidates when asked to. */
export async function connectViewer(manager: CameraManager, page: Page, cameraId: string, options: { trickle?: boolean; substream?: boolean; stamps?: boolean; video?: boolean } = {}): Promise<Connected> {
  const viewer = await createViewer(page, { trickle: options.trickle, stamps: options.stamps, video: options.video });
  const session = await manager.openSession({ cameraId, offerSdp: viewer.offer, substream: options.substream });
  session.onCandidate((candidate) => void viewer.addCandidate(candidate).catch(() => undefined));
  await viewer.accept(session.answerSdp);
  if (options.trickle) {
    // Hand over whatever the page gathered after its offer left.
    for (let round = 0; round < 10; round++) {
      for (const candidate of await viewer.takeCandidates()) await session.addIceCandidate(candidate);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { viewer, session };
}
