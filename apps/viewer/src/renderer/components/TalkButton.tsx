/**
 * Push-to-talk on a tile: hold the button (or Space/Enter on it) and the viewer's microphone goes
 * to the camera's speaker; let go and it stops. What the streamer said about it (talking, refused
 * and why) shows beside the tile's actions.
 */
import { useEffect, useState } from 'react';
import type { TalkNotice } from '@vigil/shared/audio';
import type { TilePeer } from '../webrtc/tilePeer.ts';

/** The hold-to-talk button of a live tile. */
export function TalkButton({ peer, notice }: { peer: TilePeer; notice: TalkNotice | undefined }) {
  const [held, setHeld] = useState(false);
  const [error, setError] = useState<string>();
  const press = (on: boolean) => {
    if (on === held) return;
    setHeld(on);
    if (on) setError(undefined);
    peer.talk(on).catch((e: Error) => (setHeld(false), setError(`microphone: ${e.message}`)));
  };
  // Letting go anywhere (or leaving the page) ends the talk.
  useEffect(() => () => void peer.talk(false), [peer]);
  const said = error ?? (notice?.state === 'refused' ? notice.reason : notice?.state === 'talking' && held ? 'Talking…' : undefined);
  return (
    <>
      {said && (
        <span className={`tile-talk-notice${notice?.state === 'refused' || error ? ' refused' : ''}`} data-testid="tile-talk-notice" role="status">
          {said}
        </span>
      )}
      <button
        className={`icon-btn${held ? ' on' : ''}`}
        title="Hold to talk through the camera’s speaker"
        aria-pressed={held}
        data-testid="tile-talk"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture?.(e.pointerId);
          press(true);
        }}
        onPointerUp={() => press(false)}
        onPointerCancel={() => press(false)}
        onKeyDown={(e) => (e.key === ' ' || e.key === 'Enter') && !e.repeat && press(true)}
        onKeyUp={(e) => (e.key === ' ' || e.key === 'Enter') && press(false)}
        onBlur={() => press(false)}
      >
        <svg viewBox="0 0 24 24" className="icon" aria-hidden="true">
          <path d="M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3" />
        </svg>
      </button>
    </>
  );
}
