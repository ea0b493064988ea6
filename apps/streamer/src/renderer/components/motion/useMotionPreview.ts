/**
 * The tuning preview: the camera's live picture plus the motion boxes of its `events` data
 * channel (cleared when none came for BOX_TTL_MS). Retries after a failure, closes on unmount.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../../store/app.ts';
import { openPreview } from '../../webrtc/preview.ts';
import { BOX_TTL_MS, readBoxes, type Box } from './motionBoxes.ts';

const RETRY_MS = 3000;

export function useMotionPreview(cameraId: string | undefined, live: boolean) {
  const api = useApp((s) => s.api);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string>();
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [attempt, setAttempt] = useState(0);
  const wanted = !!cameraId && (live || stream !== null);

  useEffect(() => {
    if (!api || !cameraId || !wanted) return;
    let stopped = false;
    let close: (() => void) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let expire: ReturnType<typeof setTimeout> | undefined;
    const again = (reason: string) => {
      if (stopped) return;
      setStream(null);
      setError(reason);
      retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
    };
    const onEvent = (data: string) => {
      const read = readBoxes(data);
      if (!read || stopped) return;
      setBoxes(read);
      clearTimeout(expire);
      expire = setTimeout(() => setBoxes([]), BOX_TTL_MS);
    };
    openPreview(api, cameraId, { onLost: again, onEvent }).then(
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
      clearTimeout(expire);
      close?.();
      setStream(null);
      setBoxes([]);
    };
  }, [api, cameraId, wanted, attempt]);

  return { stream, error, boxes };
}
