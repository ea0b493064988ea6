/** Runs a TilePeer for the camera of a tile while the tile shows it. */
import { useEffect, useRef, useState } from 'react';
import { BOX_TTL_MS, readMotionBoxes, type MotionBox } from '@vigil/shared/motion';
import { readTalkNotice, type TalkNotice } from '@vigil/shared/audio';
import type { CameraRef } from '../../common/assignment.ts';
import { IDLE, type TileStatus } from '../../common/tileState.ts';
import { hub, useViewer } from '../store/viewer.ts';
import { TilePeer, type TileStats } from '../webrtc/tilePeer.ts';
import type { MsePath } from '../webrtc/liveMse.ts';

/** How often a live tile reads its video figures. */
const STATS_INTERVAL_MS = 2_000;

/**
 * Status, stream and figures of the live view of `camera` (nothing for an empty tile). A change
 * of `substream` renegotiates: a new session for the other resolution.
 */
export function useTilePeer(camera: CameraRef | null, substream = false) {
  const [status, setStatus] = useState<TileStatus>(IDLE);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [stats, setStats] = useState<TileStats>();
  const [motion, setMotion] = useState<MotionBox[]>([]);
  const [talkNotice, setTalkNotice] = useState<TalkNotice>();
  const [msePath, setMsePath] = useState<MsePath>();
  const clearMotion = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const peer = useRef<TilePeer | undefined>(undefined);
  const online = useViewer((s) => (camera ? s.presence[camera.streamerId] : undefined));
  const streamerId = camera?.streamerId;
  const cameraId = camera?.cameraId;

  useEffect(() => {
    if (!streamerId || !cameraId) return;
    const p = new TilePeer({
      hub,
      streamer: () => useViewer.getState().streamers.find((s) => s.id === streamerId),
      camera: cameraId,
      substream,
      // The engine answers the audio section with the camera's sound, or inactive when it has none.
      audio: true,
      talk: true,
      onStatus: setStatus,
      onStream: setStream,
      onMsePath: setMsePath,
      onEvent: (data) => {
        const notice = readTalkNotice(data);
        if (notice) return setTalkNotice(notice);
        const boxes = readMotionBoxes(data);
        if (!boxes) return;
        setMotion(boxes);
        clearTimeout(clearMotion.current);
        clearMotion.current = setTimeout(() => setMotion([]), BOX_TTL_MS);
      },
    });
    peer.current = p;
    p.start();
    return () => {
      p.stop();
      peer.current = undefined;
      setStatus(IDLE);
      setStream(null);
      setMsePath(undefined);
      setStats(undefined);
      clearTimeout(clearMotion.current);
      setMotion([]);
      setTalkNotice(undefined);
    };
  }, [streamerId, cameraId, substream]);

  // The streamer came (back) online: no reason to wait out the backoff.
  useEffect(() => {
    if (online) peer.current?.retryNow();
  }, [online]);

  useEffect(() => {
    if (status.phase !== 'live') return;
    const read = () => void peer.current?.stats().then(setStats);
    read();
    const timer = setInterval(read, STATS_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [status.phase]);

  return { status, stream, stats, motion, talkNotice, peer, msePath };
}
