// Entry point: picks the platform adapter (Electron's bridge when present, else the browser's),
// loads the saved state, renders the app.
import './zod-csp.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';
import { createBrowserPlatform } from './platform/browser.ts';
import { createElectronPlatform, electronBridge } from './platform/electron.ts';
import { registerServiceWorker } from './pwa.ts';
import { useViewer } from './store/viewer.ts';

const bridge = electronBridge();
void useViewer.getState().init(bridge ? createElectronPlatform(bridge) : createBrowserPlatform());
if (!bridge) registerServiceWorker();

// Camera lists (names, sites, new cameras) are asked again every minute while the window is seen,
// and when it comes back into view, so a viewer left open all day follows the streamer's changes.
const CAMERA_REFRESH_MS = 60_000;
const refreshOnline = () => {
  if (document.visibilityState !== 'visible') return;
  const { streamers, presence, refreshCameras } = useViewer.getState();
  for (const streamer of streamers) if (presence[streamer.id]) void refreshCameras(streamer.id);
};
setInterval(refreshOnline, CAMERA_REFRESH_MS);
document.addEventListener('visibilitychange', refreshOnline);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
