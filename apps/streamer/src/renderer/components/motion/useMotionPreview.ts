/**
 * The tuning preview: the camera's live picture (the cameras screen's usePreview) plus the
 * motion boxes of its `events` data channel, cleared when none came for BOX_TTL_MS.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { usePreview } from '../cameras/usePreview.ts';
import { BOX_TTL_MS, readMotionBoxes, type MotionBox } from '@vigil/shared/motion';

/** The preview of the chosen camera with its live motion boxes. */
export function useMotionPreview(cameraId: string | undefined, live: boolean) {
  const [boxes, setBoxes] = useState<MotionBox[]>([]);
  const expire = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onEvent = useCallback((data: string) => {
    const read = readMotionBoxes(data);
    if (!read) return;
    setBoxes(read);
    clearTimeout(expire.current);
    expire.current = setTimeout(() => setBoxes([]), BOX_TTL_MS);
  }, []);
  // A new camera (or leaving the screen) starts without the old camera's boxes.
  useEffect(
    () => () => {
      clearTimeout(expire.current);
      setBoxes([]);
    },
    [cameraId],
  );
  const { stream, error } = usePreview(cameraId ?? '', !!cameraId, live, onEvent);
  return { stream, error, boxes };
}
