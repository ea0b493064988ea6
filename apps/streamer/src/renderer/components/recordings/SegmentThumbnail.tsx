/** A segment's thumbnail for the timeline's hover card (a gray box until it arrives). */
import { useEffect, useState } from 'react';
import type { RecordingSegmentView } from '@vigil/shared/recording';
import { recordingsClient } from '../../store/recordings.ts';

/** Object URLs of thumbnails already fetched, by segment file; the oldest are released. */
const cache = new Map<string, Promise<string | undefined>>();
const MAX_CACHED = 200;

function load(camera: string, file: string): Promise<string | undefined> {
  let entry = cache.get(file);
  if (!entry) {
    // A failed fetch is forgotten, so the next hover asks again (the engine makes thumbnails on demand).
    entry = (recordingsClient()?.thumbnail(camera, file) ?? Promise.resolve(undefined)).then((url) => (url || cache.delete(file), url));
    cache.set(file, entry);
    while (cache.size > MAX_CACHED) {
      const [oldest, url] = cache.entries().next().value!;
      cache.delete(oldest);
      void url.then((u) => u && URL.revokeObjectURL(u));
    }
  }
  return entry;
}

/** The thumbnail of `segment` (its first keyframe). */
export function SegmentThumbnail({ camera, segment }: { camera: string; segment: RecordingSegmentView }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    setUrl(undefined);
    void load(camera, segment.file).then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [camera, segment.file]);
  return <span className="tl-thumb">{url ? <img src={url} alt="" data-testid="timeline-thumbnail" /> : null}</span>;
}
