/** The wizard's first step: what kind of camera to add. */
import type { SourceKind } from '../../logic/cameraForm.ts';
import { Icon, type IconName } from '../common/Icons.tsx';

const KINDS: { kind: SourceKind; icon: IconName; title: string; text: string }[] = [
  { kind: 'rtsp', icon: 'network', title: 'Network camera', text: 'An IP camera on your network that streams over RTSP (most Wi-Fi and PoE cameras).' },
  { kind: 'usb', icon: 'usb', title: 'USB camera', text: 'A webcam or capture device plugged into this computer.' },
  { kind: 'test-pattern', icon: 'pattern', title: 'Test pattern', text: 'A moving test picture: try Vigil out without a camera.' },
];

/** Three big choices. */
export function KindPicker({ onPick }: { onPick(kind: SourceKind): void }) {
  return (
    <div className="kind-grid">
      {KINDS.map((k) => (
        <button key={k.kind} className="kind-card" data-testid={`kind-${k.kind}`} onClick={() => onPick(k.kind)}>
          <span className="kind-icon">
            <Icon name={k.icon} />
          </span>
          <span className="kind-title">{k.title}</span>
          <span className="kind-text">{k.text}</span>
        </button>
      ))}
    </div>
  );
}
