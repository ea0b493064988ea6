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
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
