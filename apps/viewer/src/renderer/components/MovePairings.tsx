/**
 * "Move my pairings to another address": a browser keeps pairings per origin, so the viewer at the
 * LAN address and the one at the relay's address are strangers. Here one seals its pairings with
 * a passphrase (common/transfer.ts) as a file or text, and the other opens them.
 */
import { useEffect, useState } from 'react';
import { generatePassphrase, MIN_PASSPHRASE_LENGTH, openPairings, sealPairings } from '../../common/transfer.ts';
import { useViewer } from '../store/viewer.ts';
import './MovePairings.css';

type Outcome = { kind: 'error' | 'ok'; text: string } | null;

/** The card, with an export part and an import part. */
export function MovePairings() {
  const streamers = useViewer((s) => s.streamers);
  const importPairings = useViewer((s) => s.importPairings);
  const [passphrase, setPassphrase] = useState(generatePassphrase);
  const [bundle, setBundle] = useState('');
  const [download, setDownload] = useState<string>();
  const [incoming, setIncoming] = useState('');
  const [importPassphrase, setImportPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  // The download link holds the bundle in memory: dropped when replaced or when the card goes.
  useEffect(() => () => void (download && URL.revokeObjectURL(download)), [download]);

  const seal = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const text = await sealPairings(streamers, passphrase);
      setBundle(text);
      setDownload(URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' })));
      setOutcome({ kind: 'ok', text: `Bundle of ${streamers.length} streamer${streamers.length === 1 ? '' : 's'} ready. Open it in the viewer at the other address with the passphrase.` });
    } catch (error) {
      setOutcome({ kind: 'error', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const open = async () => {
    setBusy(true);
    setOutcome(null);
    const opened = await openPairings(incoming, importPassphrase).finally(() => setBusy(false));
    if (!opened.ok) return setOutcome({ kind: 'error', text: opened.error });
    const { added, updated, unchanged } = importPairings(opened.streamers);
    setIncoming('');
    setImportPassphrase('');
    setOutcome({ kind: 'ok', text: `Imported: ${added} added, ${updated} updated, ${unchanged} already here.` });
  };

  return (
    <section className="card move-pairings" data-testid="move-pairings">
      <h2>Move pairings to another address</h2>
      <p className="muted">
        This browser keeps pairings for this address only ({location.host || 'this app'}). To use them where the viewer opens at another address (your relay, say), make a bundle here and open it there. The bundle holds
        the streamers’ credentials, sealed with the passphrase: send the passphrase by another way than the bundle.
      </p>
      {outcome && (
        <div className={`notice ${outcome.kind}`} role={outcome.kind === 'error' ? 'alert' : 'status'} data-testid="move-outcome">
          <span>{outcome.text}</span>
        </div>
      )}
      <details>
        <summary>Make a bundle of this viewer’s pairings</summary>
        <label>
          Passphrase (at least {MIN_PASSPHRASE_LENGTH} characters; write it down)
          <input className="passphrase" data-testid="export-passphrase" value={passphrase} spellCheck={false} autoComplete="off" onChange={(e) => setPassphrase(e.target.value)} />
        </label>
        <div className="card-actions">
          <button className="btn primary" data-testid="export-bundle" disabled={busy || streamers.length === 0} onClick={() => void seal()}>
            Make bundle
          </button>
          {download && (
            <a className="btn" href={download} download="vigil-pairings.txt">
              Download file
            </a>
          )}
        </div>
        {bundle && <textarea className="uri-input" data-testid="bundle-text" readOnly rows={4} value={bundle} onFocus={(e) => e.currentTarget.select()} />}
      </details>
      <details>
        <summary>Open a bundle made at another address</summary>
        <textarea className="uri-input" data-testid="import-text" placeholder="vigil-pairings:1:…" spellCheck={false} rows={3} value={incoming} onChange={(e) => setIncoming(e.target.value)} />
        <div className="card-actions">
          <label className="btn">
            Choose file…
            <input type="file" accept=".txt,text/plain" className="visually-hidden" onChange={(e) => void e.target.files?.[0]?.text().then(setIncoming)} />
          </label>
        </div>
        <label>
          Passphrase
          <input className="passphrase" type="password" data-testid="import-passphrase" value={importPassphrase} autoComplete="off" onChange={(e) => setImportPassphrase(e.target.value)} />
        </label>
        <button className="btn primary" data-testid="import-bundle" disabled={busy || !incoming.trim() || !importPassphrase} onClick={() => void open()}>
          Import pairings
        </button>
      </details>
    </section>
  );
}
