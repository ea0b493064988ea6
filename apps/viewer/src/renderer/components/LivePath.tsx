/**
 * A tile's picture on the data-channel path (webrtc/liveMse.ts): the hook that plays it in the
 * tile's <video> (with the camera's sound when the stream has it), and the note that says which path the picture takes and why, or, when this
 * browser can play it neither way, what is missing and what to do.
 */
import { useEffect, type RefObject } from 'react';
import { describeLivePath } from '@vigil/shared/live';
import type { MsePath } from '../webrtc/liveMse.ts';

/** Plays the path's stream in `video` while the path lasts, its sound (if any) at `volume` unless `muted`. */
export function useMseVideo(video: RefObject<HTMLVideoElement | null>, path: MsePath | undefined, muted: boolean, volume: number): void {
  const player = path?.player;
  useEffect(() => {
    const element = video.current;
    if (!element || !player) return;
    player.attach(element);
    return () => player.detach(element);
  }, [video, player]);
  useEffect(() => player?.setSound(muted, volume), [player, muted, volume]);
}

/** The path note of a live tile on the data-channel path. */
export function LivePathNote({ path }: { path: MsePath }) {
  if (path.problem) {
    return (
      <div className="tile-overlay" data-testid="tile-unplayable" data-mime={path.message.mime}>
        <span className="tile-overlay-title">Cannot play this camera here</span>
        <span className="tile-reason" title={path.problem}>
          {path.problem}
        </span>
      </div>
    );
  }
  return (
    <span className="tile-path" data-testid="tile-path" data-mime={path.message.mime} title={describeLivePath(path.message)}>
      {describeLivePath(path.message)}
    </span>
  );
}
