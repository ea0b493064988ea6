/**
 * Live QR scanning from a webcam: a preview with the found code outlined. Frames are decoded at
 * most DEFAULT_DECODE_RATE times a second, which keeps a laptop cool while feeling instant.
 */
import { useEffect, useRef, useState } from 'react';
import { createRateLimiter } from '../../common/qr.ts';
import { decodeQr, type QrHit } from '../qr/decode.ts';

/** How long the outline of a found code shows before the code is used, so the person sees it. */
const CONFIRM_MS = 800;

export interface QrScannerProps {
  /** Called once per distinct code text found. */
  onCode(text: string): void;
  onClose(): void;
}

/** The webcam preview and decoder. */
export function QrScanner({ onCode, onClose }: QrScannerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string>();
  const [hit, setHit] = useState<QrHit>();
  const [size, setSize] = useState({ width: 0, height: 0 });
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let frame = 0;
    let stopped = false;
    let lastText = '';
    let confirm: ReturnType<typeof setTimeout> | undefined;
    const limiter = createRateLimiter();

    const tick = (now: number) => {
      if (stopped) return;
      frame = requestAnimationFrame(tick);
      const v = video.current;
      if (!v || v.readyState < 2 || !limiter.take(now)) return;
      const found = decodeQr(v, v.videoWidth, v.videoHeight);
      setHit(found);
      if (found && found.text !== lastText) {
        lastText = found.text;
        clearTimeout(confirm);
        confirm = setTimeout(() => !stopped && onCodeRef.current(found.text), CONFIRM_MS);
      }
    };

    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser cannot use a camera here (it needs https or localhost).');
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false });
      if (stopped) return;
      const v = video.current!;
      v.srcObject = stream;
      v.onloadedmetadata = () => setSize({ width: v.videoWidth, height: v.videoHeight });
      await v.play();
      frame = requestAnimationFrame(tick);
    })().catch((e: Error) => {
      if (stopped) return;
      const denied = e.name === 'NotAllowedError';
      const missing = e.name === 'NotFoundError' || e.name === 'OverconstrainedError';
      setError(denied ? 'Camera access was refused. Allow the camera for this page, or use a picture or the link instead.' : missing ? 'No camera was found on this computer.' : e.message);
    });

    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      clearTimeout(confirm);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  return (
    <div className="scanner" data-testid="scanner">
      {error ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : (
        <div className="scanner-view">
          <video ref={video} muted playsInline className="scanner-video" />
          {size.width > 0 && (
            <svg className="scanner-overlay" viewBox={`0 0 ${size.width} ${size.height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
              {hit && <polygon points={hit.corners.map((p) => `${p.x},${p.y}`).join(' ')} className="scanner-hit" />}
            </svg>
          )}
          <div className={`scanner-status${hit ? ' found' : ''}`} data-testid={hit ? 'scanner-found' : 'scanner-looking'}>
            {hit ? 'QR code found' : 'Looking for a QR code…'}
          </div>
        </div>
      )}
      <button className="btn" onClick={onClose}>
        Stop camera
      </button>
    </div>
  );
}
