/** The live screen: cameras to drag on the left, the layout picker and the grid of tiles. */
import { useEffect } from 'react';
import { useViewer } from '../store/viewer.ts';
import { CameraList } from './CameraList.tsx';
import { Grid } from './Grid.tsx';
import { LayoutPicker } from './LayoutPicker.tsx';

/** The live screen. */
export function LiveView() {
  const fullscreen = useViewer((s) => s.fullscreen);
  const setFullscreen = useViewer((s) => s.setFullscreen);
  const hasStreamers = useViewer((s) => s.streamers.length > 0);
  const setScreen = useViewer((s) => s.setScreen);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setFullscreen(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setFullscreen]);

  if (!hasStreamers) {
    return (
      <div className="page">
        <div className="empty">
          <h1>Nothing to watch yet</h1>
          <p>Pair a Vigil streamer first: its cameras then appear here, ready to drag onto the grid.</p>
          <button className="btn primary" onClick={() => setScreen('add')}>
            Add a streamer
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className={`live${fullscreen !== null ? ' is-fullscreen' : ''}`}>
      {fullscreen === null && <CameraList />}
      <section className="live-main">
        {fullscreen === null && (
          <div className="live-toolbar">
            <LayoutPicker />
            <span className="muted hint">Drag a camera onto a tile · double-click a tile for full screen</span>
          </div>
        )}
        <Grid />
      </section>
    </div>
  );
}
