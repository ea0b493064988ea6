// Entry point: picks the platform adapter (Electron's bridge when present, else the browser's),
// loads the saved state, renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';
import { createBrowserPlatform } from './platform/browser.ts';
import { createElectronPlatform, electronBridge } from './platform/electron.ts';
import { useViewer } from './store/viewer.ts';

const bridge = electronBridge();
void useViewer.getState().init(bridge ? createElectronPlatform(bridge) : createBrowserPlatform());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
