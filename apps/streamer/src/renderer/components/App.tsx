/** The app frame: top bar with the screens, and the current screen (or the "no token" screen). */
import { useEffect } from 'react';
import { useApp } from '../store/app.ts';
import { startEvents } from '../store/events.ts';
import { CamerasScreen } from './cameras/CamerasScreen.tsx';
import { AlertsScreen } from './alerts/AlertsScreen.tsx';
import { MotionScreen } from './motion/MotionScreen.tsx';
import { Nav } from './Nav.tsx';
import { TalkingBanner } from './TalkingBanner.tsx';
import { PairingScreen } from './pairing/PairingScreen.tsx';
import { RecordingsScreen } from './recordings/RecordingsScreen.tsx';
import { RemoteScreen } from './remote/RemoteScreen.tsx';
import { SystemScreen } from './system/SystemScreen.tsx';
import { TokenScreen } from './TokenScreen.tsx';
import { AddCameraWizard } from './wizard/AddCameraWizard.tsx';

/** The whole streamer UI. */
export function App() {
  const auth = useApp((s) => s.auth);
  const api = useApp((s) => s.api);
  const screen = useApp((s) => s.screen);
  const eventsOpen = useApp((s) => s.eventsOpen);

  useEffect(() => (api ? startEvents() : undefined), [api]);

  if (auth === 'pending') return <div className="loading">Loading…</div>;
  if (auth !== 'ready') return <TokenScreen refused={auth === 'refused'} />;
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Vigil <span className="brand-sub">Streamer</span>
        </div>
        <Nav />
        <TalkingBanner />
        <div className="topbar-status" data-testid="engine-status">
          <span className={`dot ${eventsOpen ? 'ok' : 'bad'}`} title={eventsOpen ? 'Engine connected' : 'Engine not connected'} aria-hidden="true" />
          <span className="status-text">{eventsOpen ? 'Engine connected' : 'Engine not connected'}</span>
        </div>
      </header>
      <main className="content">
        {screen === 'cameras' && <CamerasScreen />}
        {screen === 'add' && <AddCameraWizard />}
        {screen === 'pairing' && <PairingScreen />}
        {screen === 'remote' && <RemoteScreen />}
        {screen === 'motion' && <MotionScreen />}
        {screen === 'alerts' && <AlertsScreen />}
        {screen === 'recordings' && <RecordingsScreen />}
        {screen === 'system' && <SystemScreen />}
      </main>
    </div>
  );
}
