/**
 * A small, real streamer for the viewer UI's end-to-end tests, where many streamers with scripted
 * camera states are handy: an Ed25519 identity registered on the real signalling server, the
 * engine's own pairing service and signalling bridge (pair-request, offer → answer, cameras
 * request → response, bye with reasons, signed replies), and werift peer connections sending a
 * real H.264 RTP stream that ffmpeg encodes from a test pattern. The full engine is exercised by
 * tests/e2e/viewer-engine.test.ts.
 *
 * Network: ffmpeg sends RTP to 127.0.0.1 only; werift gathers candidates on 192.0.2.2 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { MediaStreamTrack, RTCPeerConnection, useH264, useOPUS } from 'werift';
import type { IceCandidate } from '@vigil/shared/signaling';
import { SignalingClient, createNodeSocketFactory, identityFromPrivateKey } from '@vigil/signaling/node';
import { createPairingService } from '../../apps/streamer/src/engine/pairing/service.ts';
import { createSignalingBridge, type LiveBackend, type LiveSession } from '../../apps/streamer/src/engine/signaling/bridge.ts';

/** The only non-loopback address tests may use (Chromium's ICE needs one). */
export const ICE_ADDRESS = '192.0.2.2';

export interface TestCamera {
  id: string;
  name: string;
  state: 'stopped' | 'starting' | 'live' | 'reconnecting' | 'failed';
  /** When set, offers for this camera are refused with this reason (a `bye`). */
  refuse?: string;
}

export interface TestStreamerOptions {
  /** Signalling URL (ws:// on loopback). */
  url: string;
  cameras: TestCamera[];
  /** Encode and send the test pattern (off: a streamer whose cameras all refuse). Default true. */
  video?: boolean;
}

export interface TestStreamer {
  streamerId: string;
  /** A fresh one-time pairing URI (as its QR code would show) at every read. */
  readonly pairingUri: string;
  /** Live werift sessions right now. */
  readonly sessionCount: number;
  /** Every session opened, in order: which camera and whether the substream was asked for. */
  readonly opened: { cameraId: string; substream: boolean }[];
  /** Closes every live session without a bye (as a crash or network loss would). */
  dropSessions(): void;
  stop(): Promise<void>;
}

/** Starts a test streamer and waits until it is registered. */
export async function startTestStreamer(options: TestStreamerOptions): Promise<TestStreamer> {
  const identity = identityFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
  const sessions = new Set<WeriftSession>();
  const opened: { cameraId: string; substream: boolean }[] = [];
  const feed = options.video === false ? undefined : await startFeed((packet) => {
    for (const s of sessions) s.send(packet);
  });

  const backend: LiveBackend = {
    cameras: () => options.cameras.map(({ id, name, state }) => ({ id, name, state })),
    async openSession({ cameraId, offerSdp, substream }) {
      const camera = options.cameras.find((c) => c.id === cameraId);
      if (!camera) throw new Error(`there is no camera "${cameraId}"`);
      if (camera.refuse || !feed) throw new Error(camera.refuse ?? 'this camera is not running');
      opened.push({ cameraId, substream: substream === true });
      // This streamer has one resolution: the substream, when asked for, is the main stream.
      const session = new WeriftSession(cameraId);
      await session.negotiate(offerSdp);
      sessions.add(session);
      session.onClose(() => sessions.delete(session));
      return session;
    },
  };
  const client = new SignalingClient({ url: options.url, role: 'streamer', identity, createSocket: createNodeSocketFactory() });
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-test-streamer-'));
  const pairing = await createPairingService({ dataDir, streamerId: identity.streamerId, streamerName: () => 'Vigil streamer', address: () => ({ url: options.url }) });
  const bridge = createSignalingBridge({ client, backend, authorize: pairing.authorize, pair: pairing.handlePairRequest });
  bridge.start();
  const registered = new Promise<void>((resolve) => client.on('state', (s) => s === 'registered' && resolve()));
  client.start();
  await registered;

  return {
    streamerId: identity.streamerId,
    get pairingUri() {
      return pairing.offers.issue().uri;
    },
    get sessionCount() {
      return sessions.size;
    },
    opened,
    dropSessions() {
      for (const s of [...sessions]) s.close();
    },
    async stop() {
      bridge.stop();
      client.stop();
      await feed?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One viewer: answers its offer and sends the shared H.264 feed. */
class WeriftSession implements LiveSession {
  readonly id = randomBytes(8).toString('hex');
  answerSdp = '';
  private readonly track = new MediaStreamTrack({ kind: 'video' });
  private readonly pc = new RTCPeerConnection({
    // Opus only so the viewer's audio section is answered (inactive) rather than refused whole.
    codecs: { video: [useH264()], audio: [useOPUS()] },
    iceServers: [],
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: ICE_ADDRESS },
  });
  private connected = false;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  /** Events are not used by the viewer tests that run this stand-in. */
  sendEvent(): void {}

  constructor(readonly cameraId: string) {
    this.pc.connectionStateChange.subscribe((state) => {
      this.connected = state === 'connected';
      if (state === 'failed' || state === 'closed') this.close();
    });
    this.pc.onDataChannel.subscribe((channel) => {
      channel.stateChanged.subscribe((s) => s === 'open' && channel.send(JSON.stringify({ type: 'hello', camera: cameraId })));
    });
  }

  async negotiate(offerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    const video = this.pc.getTransceivers().find((t) => t.kind === 'video');
    if (!video) throw new Error('the offer has no video section');
    video.setDirection('sendonly');
    for (const t of this.pc.getTransceivers()) if (t.kind === 'audio') t.setDirection('inactive');
    await video.sender.replaceTrack(this.track);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    // Answer with every candidate in the SDP (no trickle from this side), waiting at most 2 s.
    await new Promise<void>((resolve) => {
      if (this.pc.iceGatheringState === 'complete') return resolve();
      const timer = setTimeout(resolve, 2000);
      this.pc.iceGatheringStateChange.subscribe((s) => s === 'complete' && (clearTimeout(timer), resolve()));
    });
    this.answerSdp = this.pc.localDescription?.sdp ?? '';
  }

  send(packet: Buffer): void {
    // werift rewrites SSRC and payload type in place: every session gets its own copy.
    if (this.connected && !this.closed) this.track.writeRtp(Buffer.from(packet));
  }

  async addIceCandidate(candidate: IceCandidate | null): Promise<void> {
    if (!candidate || !candidate.candidate || /\.local\s/.test(candidate.candidate)) return;
    await this.pc
      .addIceCandidate({ candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? undefined, sdpMLineIndex: candidate.sdpMLineIndex ?? undefined })
      .catch(() => undefined);
  }

  onCandidate(): void {
    // Candidates travel in the answer.
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.pc.close();
    for (const listener of this.closeListeners) listener();
  }
}

/** ffmpeg's test pattern as H.264 RTP on a loopback UDP port. */
async function startFeed(onPacket: (packet: Buffer) => void): Promise<{ stop(): Promise<void> }> {
  const socket: Socket = createSocket('udp4');
  socket.on('message', onPacket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = (socket.address() as AddressInfo).port;
  // ffmpeg -re -f lavfi -i testsrc2=size=640x360:rate=15 -c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline -g 15 -f rtp rtp://127.0.0.1:PORT
  const ffmpeg: ChildProcess = spawn(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=15', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
      '-profile:v', 'baseline', '-g', '15', '-bsf:v', 'dump_extra', '-f', 'rtp', '-pkt_size', '1200', `rtp://127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return {
    async stop() {
      if (ffmpeg.exitCode === null) {
        const exited = new Promise((resolve) => ffmpeg.once('exit', resolve));
        ffmpeg.kill('SIGTERM');
        await exited;
      }
      socket.close();
    },
  };
}
