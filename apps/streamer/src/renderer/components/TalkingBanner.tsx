/** The top bar's notice that someone is talking through a camera's speaker right now. */
import { useCameras } from '../store/cameras.ts';
import { useTalk } from '../store/talk.ts';

/** "🎙 Alice is talking through Front door", one per active talk; nothing when nobody talks. */
export function TalkingBanner() {
  const talking = useTalk((s) => s.talking);
  const cameras = useCameras((s) => s.cameras);
  if (talking.length === 0) return null;
  return (
    <div className="talking-banner" role="status" data-testid="talking">
      {talking.map((t) => (
        <span key={t.camera}>
          <span aria-hidden="true">🎙 </span>
          {t.viewerName} is talking through {cameras.find((c) => c.config.id === t.camera)?.config.name ?? t.camera}
        </span>
      ))}
    </div>
  );
}
