/**
 * A picture from the chosen stream before the camera is added: the person sees which camera this
 * is, and the stream's address and password are proven to work for video, not only for ONVIF.
 */
import { useEffect, useState } from 'react';
import type { PreviewResult } from '@vigil/shared/onvif';

export interface StreamPictureProps {
  uri: string;
  /** Fetches one picture (the ONVIF client's preview). */
  grab(uri: string): Promise<PreviewResult>;
}

/** The picture, a spinner while it comes, or why it did not. */
export function StreamPicture({ uri, grab }: StreamPictureProps) {
  const [result, setResult] = useState<PreviewResult>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setResult(undefined);
    void grab(uri).then((r) => current && setResult(r));
    return () => {
      current = false;
    };
  }, [uri, grab, attempt]);
  return (
    <div className="stream-picture" data-testid="stream-picture" data-state={result ? (result.ok ? 'ok' : 'failed') : 'loading'}>
      <div className="stream-picture-frame">
        {result?.ok && <img src={`data:image/jpeg;base64,${result.jpeg}`} alt="What the main stream shows now" />}
        {!result && <span className="spinner" aria-label="Getting a picture" />}
        {result && !result.ok && <span className="stream-picture-none">No picture</span>}
      </div>
      <div className="stream-picture-text">
        {!result && <p className="muted small">Getting a picture from the camera…</p>}
        {result?.ok && <p className="small">The main stream, as the camera sends it now. If this is not the camera you meant, go back and choose another.</p>}
        {result && !result.ok && (
          <p className="field-error" role="alert" data-testid="stream-picture-problem">
            {result.message}
          </p>
        )}
        {result && (
          <button type="button" className="btn small" onClick={() => setAttempt((n) => n + 1)}>
            {result.ok ? 'New picture' : 'Try again'}
          </button>
        )}
      </div>
    </div>
  );
}
