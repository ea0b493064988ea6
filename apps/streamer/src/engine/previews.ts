/**
 * Live previews for the streamer UI over the control API (admin token, loopback): the page posts
 * a complete offer (gathering done, as in WHEP) and gets the engine's answer. Viewers elsewhere go
 * through signalling and pairing instead.
 */
import type { SessionView } from '@vigil/shared/api';
import { PreviewOffer as PreviewRequest } from '@vigil/shared/api/routes';
import { describeIssues } from '@vigil/shared/issues';
import { ApiFailure } from './api/errors.ts';
import { json, type RouteHandlers } from './api/route.ts';
import type { CameraManager, LiveSession } from './camera/index.ts';


/** Opens, lists and closes preview sessions. */
export function createPreviews(manager: Pick<CameraManager, 'openSession'>) {
  const live = new Map<string, { session: LiveSession; view: SessionView }>();
  return {
    /** Answers a preview offer for `cameraId`. */
    async open(cameraId: string, input: unknown): Promise<{ sessionId: string; sdp: string }> {
      const parsed = PreviewRequest.safeParse(input);
      if (!parsed.success) throw new ApiFailure('bad-request', `invalid preview request: ${describeIssues(parsed.error)}`);
      let session: LiveSession;
      try {
        session = await manager.openSession({ cameraId, offerSdp: parsed.data.sdp, substream: parsed.data.substream });
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new ApiFailure(code === 'unknown-camera' ? 'not-found' : 'bad-request', (error as Error).message);
      }
      live.set(session.id, { session, view: { id: session.id, cameraId, viewer: 'streamer UI', startedAt: Date.now() } });
      session.onClose(() => live.delete(session.id));
      return { sessionId: session.id, sdp: session.answerSdp };
    },
    list: (): SessionView[] => [...live.values()].map((e) => e.view),
    /** The preview sessions of a camera (they get motion overlays too). */
    liveSessionsOf: (cameraId: string): LiveSession[] => [...live.values()].filter((e) => e.view.cameraId === cameraId).map((e) => e.session),
    /** Closes one preview; false when there is none with that id. */
    close(id: string): boolean {
      const entry = live.get(id);
      void entry?.session.close();
      return !!entry;
    },
    closeAll(): void {
      for (const { session } of live.values()) void session.close();
      live.clear();
    },
  };
}

/** The preview and live-session routes: sessions are the viewers' (the bridge's) and the previews'. */
export function sessionRoutes(
  previews: ReturnType<typeof createPreviews>,
  bridge: { sessions(): SessionView[]; close(id: string): boolean },
): RouteHandlers<'openPreview' | 'listSessions' | 'closeSession'> {
  return {
    openPreview: async ({ params, body }) => json(await previews.open(params.id, await body())),
    listSessions: () => json([...bridge.sessions(), ...previews.list()]),
    closeSession: ({ params }) => {
      if (!bridge.close(params.id) && !previews.close(params.id)) throw new ApiFailure('not-found', `no live session "${params.id}"`);
    },
  };
}
