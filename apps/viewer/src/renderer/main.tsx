// Entry point: picks the platform adapter, loads the saved state, renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';
import { createBrowserPlatform } from './platform/browser.ts';
import { useViewer } from './store/viewer.ts';

void useViewer.getState().init(createBrowserPlatform());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
