// Entry point: finds the engine and its token (connection.ts), then renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';
import { useApp } from './store/app.ts';
import './styles/index.css';

void useApp.getState().init();
// The admin link pasted into a tab that already shows this page only changes the fragment.
window.addEventListener('hashchange', () => {
  if (location.hash.includes('token=')) void useApp.getState().init();
});
// In Electron, a tray problem opens the window on the System screen: asked for when it gains focus.
type ScreenBridge = { app?: { takeScreen(): Promise<'system' | null> } };
const takeScreen = () =>
  void (window as { vigil?: ScreenBridge }).vigil?.app
    ?.takeScreen()
    .then((screen) => screen && useApp.getState().setScreen(screen))
    .catch(() => undefined);
window.addEventListener('focus', takeScreen);
takeScreen();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
