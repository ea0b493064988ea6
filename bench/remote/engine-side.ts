/**
 * The engine's half of the remote-viewing bench, run inside the lab's home namespace by a netlab
 * agent (tests/helpers/netlab-agent.ts): a camera manager on the stamp FIFO, configured per route
 * the way remote/index.ts `remoteMediaHooks` does it (werift options from the ICE provider, public
 * candidates for forwarded media ports), the real port mapper against the lab's miniupnpd, and the
 * process's own CPU figures. bench/remote/run.ts drives it over the agent's IPC.
 */
import { readdirSync } from 'node:fs';
import type { RemoteConfig } from '@vigil/shared/engine-config';
import type { IceConfig } from '@vigil/shared/remote';
import { createCameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import type { IceCandidateInit, LiveSession } from '../../apps/streamer/src/engine/camera/index.ts';
import { advertisePublic, type PublicMapping } from '../../apps/streamer/src/engine/remote/candidates.ts';
import { createIceProvider } from '../../apps/streamer/src/engine/remote/ice.ts';
import { createPortMapper, type PortMapper, type PortMapperStatus } from '../../apps/streamer/src/engine/remote/port-mapping.ts';
import { CLOCK_TICKS, procFigures, waitFor } from '../live/support.ts';

/** What the engine side is started with. */
export interface EngineSideOptions {
  /** The stamp source's FIFO (bench/live/stamp.ts), written by another process. */
  fifo: string;
  /** This host's LAN address: the port mappings point to it. */
  lanAddress: string;
  /** The answer waits this long for ICE gathering at most (the bench does not trickle). */
  gatherTimeoutMs: number;
}

/** One route's remote settings: STUN, TURN (secret shared with coturn), forwarded media ports. */
export type RouteRemote = Pick<RemoteConfig, 'stun' | 'turn' | 'mediaPorts'>;

/** CPU time so far: this Node process and its ffmpeg children, in milliseconds. */
export interface CpuSample {
  at: number;
  nodeMs: number;
  ffmpegMs: number;
}

/** The engine side as the bench calls it (every method crosses the agent's IPC as JSON). */
export interface EngineSide {
  /** Sets the remote settings new sessions use. */
  configure(remote: RouteRemote): void;
  /** Asks the router to forward the media ports (UPnP-IGD at `gateway`); advertises them once mapped. */
  mapPorts(gateway: string, ports: { min: number; max: number }): Promise<PortMapperStatus>;
  /** Removes the mappings and stops advertising them. */
  unmapPorts(): Promise<void>;
  /** What a viewer's `ice` request gets: STUN and TURN with credentials minted for it. */
  iceForViewer(viewerId: string): IceConfig;
  /** Answers an offer with every candidate gathered (within gatherTimeoutMs). */
  openSession(offerSdp: string): Promise<{ id: string; answerSdp: string }>;
  addCandidate(id: string, candidate: IceCandidateInit | null): Promise<void>;
  closeSession(id: string): Promise<void>;
  cpu(): CpuSample;
  stop(): Promise<void>;
}

const CAMERA = 'stamp';

/** CPU ticks of this process's ffmpeg children (tsx's esbuild helper is not the engine's). */
function ffmpegTicks(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const figures = procFigures(Number(entry));
    if (figures.ppid === process.pid && figures.comm === 'ffmpeg') ticks += figures.ticks;
  }
  return ticks;
}

/** Starts the camera manager on the FIFO and waits until the camera is live. */
export async function startEngineSide(options: EngineSideOptions): Promise<EngineSide> {
  let remote: RouteRemote = { stun: [], turn: [] };
  let mapping: PublicMapping | undefined;
  let mapper: PortMapper | undefined;
  const config = (): RemoteConfig => ({ portMapping: true, relays: [], ...remote });
  const ice = createIceProvider(config);
  const manager = createCameraManager({
    gatherTimeoutMs: options.gatherTimeoutMs,
    // As remoteMediaHooks: werift options per session, the router's address for forwarded ports.
    rtc: () => ice.forEngine(),
    advertise: (c) => advertisePublic(c.candidate, mapping).map((candidate) => ({ candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex })),
  });
  const sessions = new Map<string, LiveSession>();
  await manager.start();
  await manager.upsert({ id: CAMERA, name: 'Stamp', source: { kind: 'file', path: options.fifo, loop: false } });
  await waitFor(() => manager.states(), (states) => states.some((s) => s.id === CAMERA && s.state === 'live'), 30_000, { what: 'the stamp camera live' });

  return {
    configure(next) {
      remote = next;
    },
    async mapPorts(gateway, ports) {
      await mapper?.stop();
      mapper = createPortMapper({ gateway, leaseSeconds: 600 });
      const status = await mapper.map([{ protocol: 'UDP', internal: { from: ports.min, to: ports.max }, host: options.lanAddress }]);
      const udp = status.mappings.filter((m) => m.protocol === 'UDP').map((m) => ({ external: m.external, internal: m.internal }));
      mapping = status.state === 'ok' && status.routerAddress ? { publicAddress: status.routerAddress, internalAddress: options.lanAddress, udp } : undefined;
      return status;
    },
    async unmapPorts() {
      mapping = undefined;
      await mapper?.stop();
      mapper = undefined;
    },
    iceForViewer: (viewerId) => ice.forViewer(viewerId),
    async openSession(offerSdp) {
      const session = await manager.openSession({ cameraId: CAMERA, offerSdp });
      sessions.set(session.id, session);
      session.onClose(() => sessions.delete(session.id));
      return { id: session.id, answerSdp: session.answerSdp };
    },
    async addCandidate(id, candidate) {
      await sessions.get(id)?.addIceCandidate(candidate);
    },
    async closeSession(id) {
      await sessions.get(id)?.close();
    },
    cpu() {
      const usage = process.cpuUsage();
      return { at: performance.now(), nodeMs: (usage.user + usage.system) / 1000, ffmpegMs: (ffmpegTicks() * 1000) / CLOCK_TICKS };
    },
    async stop() {
      for (const session of sessions.values()) await session.close();
      await mapper?.stop();
      await manager.stop();
    },
  };
}
