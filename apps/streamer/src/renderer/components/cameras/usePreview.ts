/**
 * Keeps a camera's preview open while its card is visible: opens it once the camera is live,
 * keeps it through a camera restart (the engine's session outlives ffmpeg), retries after a
 * failure, and closes the engine's session when the card leaves the screen or unmounts.
 */
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../store/app.ts';
import { openPreview } from '../../webrtc/preview.ts';

/** Wait before trying again after a failed or lost preview. */
const RETRY_MS = 3000;

export interface PreviewStatus {
  stream: MediaStream | null;
  error: string | undefined;
  connecting: boolean;
}

/**
 * The preview of `cameraId` while `visible`; `live` says the camera sends video now. With
 * `onEvent`, the preview also opens the `events` data channel and passes its messages on.
 */
export function usePreview(cameraId: string, visible: boolean, live: boolean, onEvent?: (data: string) => void): PreviewStatus {
  const api = useApp((s) => s.api);
  // The latest callback, without reopening the preview each time the caller re-renders.
  const eventRef = useRef(onEvent);
  eventRef.current = onEvent;
  const wantsEvents = onEvent !== undefined;
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const wanted = visible && (live || stream !== null);

  useEffect(() => {
    if (!api || !wanted) return;
    let stopped = false;
    let close: (() => void) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const again = (reason: string) => {
      if (stopped) return;
      setStream(null);
      setError(reason);
      retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
    };
    const events = wantsEvents ? { onEvent: (data: string) => !stopped && eventRef.current?.(data) } : {};
    openPreview(api, cameraId, { onLost: again, ...events }).then(
      (preview) => {
        if (stopped) return preview.close();
        close = preview.close;
        setError(undefined);
        setStream(preview.stream);
      },
      (e: Error) => again(e.message),
    );
    return () => {
      stopped = true;
      clearTimeout(retry);
      close?.();
      setStream(null);
    };
    // `wanted` flips false → true to open; `attempt` reopens after a failure.
  }, [api, cameraId, wanted, attempt, wantsEvents]);

  return { stream, error, connecting: wanted && stream === null };
}
