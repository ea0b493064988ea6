/** Where a camera's picture comes from, in a few words (credentials stay redacted). */
import type { CameraView } from '@vigil/shared/api';
import { redactUrl } from '@vigil/shared/config';

/** "rtsp://***@10.0.0.2/s", "USB /dev/video0 · 1280×720 · 15 fps", … */
export function describeSource(camera: CameraView): string {
  const s = camera.config.source;
  switch (s.kind) {
    case 'rtsp':
      return redactUrl(s.url);
    case 'usb':
      return `USB ${s.device} · ${s.width}×${s.height} · ${s.fps} fps`;
    case 'test-pattern':
      return `Test pattern · ${s.width}×${s.height} · ${s.fps} fps`;
    case 'file':
      return `File ${s.path}`;
  }
}
