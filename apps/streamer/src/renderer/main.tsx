// Entry point: finds the engine and its token (connection.ts), then renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';
import { useApp } from './store/app.ts';
import './styles/index.css';

void useApp.getState().init();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
