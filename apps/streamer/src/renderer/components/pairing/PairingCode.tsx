/** The QR code a viewer scans: big, on white, with its countdown, renewal and the copyable URI. */
import { useMemo, useState } from 'react';
import { formatCountdown } from '../../logic/format.ts';
import { describeCodeRoutes } from '../../logic/pairingRoutes.ts';
import { useApp } from '../../store/app.ts';
import { Icon } from '../common/Icons.tsx';
import { useNow } from '../common/useNow.ts';
import { usePairingOffer } from './usePairingOffer.ts';

/** The pairing card. */
export function PairingCode() {
  const { offer, error, renew } = usePairingOffer();
  const now = useNow(250);
  const [copied, setCopied] = useState(false);
  // An <img> (CSP allows data: images) rather than injected markup.
  const src = useMemo(() => (offer ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(offer.qrSvg)}` : undefined), [offer]);
  const left = offer ? offer.localExpiresAt - now : 0;
  const reach = useMemo(() => (offer ? describeCodeRoutes(offer.uri) : undefined), [offer]);

  const copy = async () => {
    if (!offer) return;
    try {
      await navigator.clipboard.writeText(offer.uri);
    } catch {
      const field = document.getElementById('pairing-uri') as HTMLInputElement | null;
      field?.select();
      document.execCommand('copy');
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };

  return (
    <section className="card pairing-card" aria-labelledby="pair-title">
      <h2 id="pair-title">Pair a viewer</h2>
      <ol className="pair-steps muted">
        <li>Open Vigil Viewer on the phone or computer that should watch.</li>
        <li>
          Choose <strong>Add streamer</strong> and scan this code.
        </li>
      </ol>
      <div className="qr-box">
        {src ? <img className="qr" src={src} alt="Pairing QR code" data-testid="pairing-qr" /> : <div className="qr placeholder">{error ? 'No code' : 'Loading…'}</div>}
      </div>
      {error && <div className="notice error small">A pairing code could not be made: {error}</div>}
      {reach && (
        <p className={`code-reach${reach.away ? ' away' : ''}`} data-testid="pairing-routes">
          {reach.text}
          {!reach.away && (
            <>
              {' · '}
              <button type="button" className="link" onClick={() => useApp.getState().setScreen('remote')}>
                Remote access
              </button>
            </>
          )}
        </p>
      )}
      {offer && (
        <div className="expiry">
          <div className="expiry-text">
            {left > 0 ? (
              <>
                Expires in <strong data-testid="pairing-countdown">{formatCountdown(left)}</strong> · a new code follows by itself
              </>
            ) : (
              'Making a new code…'
            )}
          </div>
          <button className="btn small" onClick={renew} data-testid="pairing-renew">
            New code
          </button>
        </div>
      )}
      <label className="field-label" htmlFor="pairing-uri">
        Or paste this pairing link into the viewer
      </label>
      <div className="copy-row">
        <input id="pairing-uri" className="input mono" readOnly value={offer?.uri ?? ''} data-testid="pairing-uri" onFocus={(e) => e.target.select()} />
        <button className="btn" onClick={() => void copy()} disabled={!offer} data-testid="pairing-copy">
          <Icon name="copy" /> {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="small muted">Each code pairs one viewer and works for a few minutes. Keep it private: whoever scans it can watch your cameras.</p>
    </section>
  );
}
