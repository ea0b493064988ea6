/** Shown without a working admin token: where to find it, and a field to paste it. */
import { useState, type FormEvent } from 'react';
import { useApp } from '../store/app.ts';

/** The sign-in screen; `refused` when the engine turned the token down. */
export function TokenScreen({ refused }: { refused: boolean }) {
  const enterToken = useApp((s) => s.enterToken);
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim() !== '') enterToken(token);
  };
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Vigil <span className="brand-sub">Streamer</span>
        </div>
      </header>
      <main className="content">
        <div className="page narrow">
          <div className="card token-card" data-testid="token-screen">
            <h1>{refused ? 'This admin token was refused' : 'Open the streamer with its admin link'}</h1>
            <p className="lead">
              {refused
                ? 'The streamer did not accept the token this page had. It may have been replaced, or belong to another streamer.'
                : 'Only the person who runs the streamer may change its cameras, so this page needs the streamer’s admin token.'}
            </p>
            <h2>Where to find it</h2>
            <ul className="token-help">
              <li>
                When the streamer starts, it prints a link such as <code className="mono">http://127.0.0.1:7480/#token=…</code>. Open that link on this computer.
              </li>
              <li>
                Or read the token from the file <code className="mono">admin-token</code> in the streamer’s data folder (by default <code className="mono">~/.vigil/streamer/admin-token</code>) and paste it below.
              </li>
            </ul>
            <form className="copy-row" onSubmit={submit}>
              <input
                className="input mono"
                type="password"
                aria-label="Admin token"
                placeholder="Paste the admin token"
                value={token}
                onChange={(e) => setToken(e.target.value)}
                data-testid="token-input"
              />
              <button className="btn primary" type="submit" disabled={token.trim() === ''}>
                Open
              </button>
            </form>
            <p className="small muted">The token stays in this browser tab only and is removed from the address bar.</p>
          </div>
        </div>
      </main>
    </div>
  );
}
