/** The top bar's notice that someone is talking through a camera's speaker right now. */
import { useCameras } from '../store/cameras.ts';
import { useTalk } from '../store/talk.ts';

/**
 * "Alice is talking through Front door" with a microphone, one per active talk ("… (on this
 * computer's speaker)" for a camera without one); nothing when nobody talks.
 */
export function TalkingBanner() {
  const talking = useTalk((s) => s.talking);
  const cameras = useCameras((s) => s.cameras);
  if (talking.length === 0) return null;
  return (
    <div className="talking-banner" role="status" data-testid="talking">
      {talking.map((t) => (
        <span key={t.camera} className="talking-item">
          <svg viewBox="0 0 24 24" className="icon" aria-hidden="true">
            <path d="M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3" />
          </svg>
          {t.viewerName} is talking through {cameras.find((c) => c.config.id === t.camera)?.config.name ?? t.camera}
          {t.onComputer && ' (on this computer’s speaker)'}
        </span>
      ))}
    </div>
  );
}
