/**
 * Talk back as the engine wires it: the talk service over the paired viewers' permissions and the
 * configured cameras (an RTSP camera's own speaker through its backchannel; the streamer PC's
 * speaker for USB, test-pattern and file cameras), publishing who talks on the hub, and stopping
 * a viewer's talk the moment its permission is withdrawn or it is revoked.
 */
import type { CameraConfig, CameraSource } from '@vigil/shared/config';
import type { EventHub } from '../events/hub.ts';
import type { ViewerRegistry } from '../pairing/viewers.ts';
import { createTalkService, type TalkOptions, type TalkSink } from './service.ts';

export type { TalkLine, TalkService } from './service.ts';

/** Where talk through a camera with this source goes: a camera with no speaker of its own uses the PC's. */
export function sinkOf(source: CameraSource): TalkSink {
  return source.kind === 'rtsp' ? { kind: 'backchannel', url: source.url } : { kind: 'speaker', device: source.speaker ?? 'default' };
}

/** What the engine hands the talk module. */
export interface EngineTalkDeps {
  ffmpegPath: string;
  hub: EventHub;
  cameras: () => readonly CameraConfig[];
  viewers: ViewerRegistry;
  options?: TalkOptions;
}

/** Creates the engine's talk service; `stop()` ends every talk and the permission watch. */
export function createEngineTalk({ ffmpegPath, hub, cameras, viewers, options }: EngineTalkDeps) {
  const service = createTalkService(
    {
      ffmpegPath,
      sink: (id) => {
        const source = cameras().find((c) => c.id === id)?.source;
        return source && sinkOf(source);
      },
      mayTalk: (id) => viewers.mayTalk(id),
      viewerName: (id) => viewers.list().find((v) => v.id === id)?.name ?? id,
      onActivity: (activity) => hub.publish({ type: 'talk', activity }),
    },
    options,
  );
  const unwatch = viewers.onTalkWithdrawn((id) => service.withdraw(id));
  return {
    ...service,
    async stop(): Promise<void> {
      unwatch();
      await service.stop();
    },
  };
}
