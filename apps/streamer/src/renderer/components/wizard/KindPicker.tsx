/** The wizard's first step: what kind of camera to add. */
import type { SourceKind } from '../../logic/cameraForm.ts';
import { Icon, type IconName } from '../common/Icons.tsx';

/** What the wizard can add: a source kind, or an ONVIF camera found on the network. */
export type WizardKind = SourceKind | 'onvif';

const KINDS: { kind: WizardKind; icon: IconName; title: string; text: string }[] = [
  { kind: 'onvif', icon: 'camera', title: 'Find cameras on my network', text: 'Vigil looks for IP cameras (ONVIF) and reads their streams for you: you only type the camera’s password.' },
  { kind: 'rtsp', icon: 'network', title: 'Network camera by address', text: 'An IP camera whose RTSP stream address you know (from its manual or settings).' },
  { kind: 'usb', icon: 'usb', title: 'USB camera', text: 'A webcam or capture device plugged into this computer.' },
  { kind: 'test-pattern', icon: 'pattern', title: 'Test pattern', text: 'A moving test picture: try Vigil out without a camera.' },
];

/** Four big choices. */
export function KindPicker({ onPick }: { onPick(kind: WizardKind): void }) {
  return (
    <div className="kind-grid two-by-two">
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
