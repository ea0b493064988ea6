/** The app frame: top bar with the screens, and the current screen. */
import { usePlayback } from '../store/playback.ts';
import { useViewer, type Screen } from '../store/viewer.ts';
import { AddStreamer } from './AddStreamer.tsx';
import { LiveView } from './LiveView.tsx';
import { PlaybackView } from './playback/PlaybackView.tsx';
import { StreamersList } from './StreamersList.tsx';

const TABS: { screen: Screen; label: string }[] = [
  { screen: 'live', label: 'Live' },
  { screen: 'streamers', label: 'Streamers' },
  { screen: 'add', label: 'Add streamer' },
];

/** The whole viewer. */
export function App() {
  const loaded = useViewer((s) => s.loaded);
  const screen = useViewer((s) => s.screen);
  const setScreen = useViewer((s) => s.setScreen);
  const streamers = useViewer((s) => s.streamers);
  const presence = useViewer((s) => s.presence);
  const online = streamers.filter((s) => presence[s.id]).length;
  const playback = usePlayback((s) => s.target !== null);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Vigil <span className="brand-sub">Viewer</span>
        </div>
        <nav className="tabs" aria-label="Screens">
          {TABS.map((t) => (
            <button key={t.screen} className={`tab${screen === t.screen ? ' active' : ''}`} aria-current={screen === t.screen ? 'page' : undefined} onClick={() => (usePlayback.getState().close(), setScreen(t.screen))}>
              {t.label}
            </button>
          ))}
        </nav>
        <div className="topbar-status" data-testid="summary">
          {streamers.length === 0 ? 'No streamers paired' : `${online} of ${streamers.length} streamer${streamers.length === 1 ? '' : 's'} online`}
        </div>
      </header>
      <main className="content">
        {!loaded ? <div className="loading">Loading…</div> : playback ? <PlaybackView /> : screen === 'live' ? <LiveView /> : screen === 'streamers' ? <StreamersList /> : <AddStreamer />}
      </main>
    </div>
  );
}
