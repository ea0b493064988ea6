/** Pairing a streamer: scan its QR code with a camera, read it from an image, or paste the link. */
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { parsePairingUri } from '@vigil/shared/pairing';
import { decodeQrFile, decodeQrFrame } from '../qr/decode.ts';
import { useViewer } from '../store/viewer.ts';
import { MovePairings } from './MovePairings.tsx';
import { QrScanner } from './QrScanner.tsx';

type Outcome = { kind: 'error'; text: string } | { kind: 'ok'; text: string } | null;

/** The add-streamer screen (also the first-run screen). */
export function AddStreamer() {
  const addFromUri = useViewer((s) => s.addFromUri);
  const setScreen = useViewer((s) => s.setScreen);
  const firstRun = useViewer((s) => s.streamers.length === 0);
  const platform = useViewer((s) => s.platform);
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [scanning, setScanning] = useState(false);
  const [dragOver, setDragOver] = useState(false);

  // One pairing at a time: a scanner keeps seeing the same code, and a token works only once.
  const busy = useRef(false);
  const submit = useCallback(
    async (uri: string, source: string) => {
      if (busy.current) return;
      const parsed = parsePairingUri(uri);
      if (!parsed.ok) return setOutcome({ kind: 'error', text: `${source}: ${parsed.error}` });
      busy.current = true;
      setOutcome({ kind: 'ok', text: 'Pairing with the streamer…' });
      const result = await addFromUri(uri).finally(() => (busy.current = false));
      if (!result.ok) return setOutcome({ kind: 'error', text: `${source}: ${result.error}` });
      setScanning(false);
      setText('');
      setOutcome({ kind: 'ok', text: result.added ? `Added “${result.streamer.name}”.` : `“${result.streamer.name}” was already paired; its address was updated.` });
    },
    [addFromUri],
  );

  const readImage = useCallback(
    async (file: Blob) => {
      try {
        const hit = await decodeQrFile(file);
        if (!hit) setOutcome({ kind: 'error', text: 'No QR code found in that image. Try a sharper or larger picture of the code.' });
        else submit(hit.text, 'The QR code in the image');
      } catch {
        setOutcome({ kind: 'error', text: 'That file is not an image this browser can read.' });
      }
    },
    [submit],
  );

  // Pasting anywhere on the screen: an image is decoded, text goes into the link field.
  useEffect(() => {
    const onPaste = (e: globalThis.ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) {
        e.preventDefault();
        void readImage(file);
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [readImage]);

  const readScreen = async () => {
    try {
      const hit = platform?.captureScreen && decodeQrFrame(await platform.captureScreen());
      if (hit) submit(hit.text, 'The QR code on the screen');
      else setOutcome({ kind: 'error', text: 'No QR code found on the screen. Show the streamer’s pairing code and try again.' });
    } catch (e) {
      setOutcome({ kind: 'error', text: `The screen could not be read: ${(e as Error).message}` });
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragOver(false);
    const file = [...e.dataTransfer.files].find((f) => f.type.startsWith('image/'));
    if (file) void readImage(file);
    else setOutcome({ kind: 'error', text: 'Drop an image file (PNG, JPEG) that shows the QR code.' });
  };

  return (
    <div className="page add-page">
      <div className="page-head">
        <h1>{firstRun ? 'Welcome to Vigil' : 'Add a streamer'}</h1>
        <p className="lead">
          {firstRun ? 'Pair this viewer with a Vigil streamer to watch its cameras. ' : ''}
          On the streamer, open <strong>Pair a viewer</strong>: it shows a QR code that is valid for a few minutes. Use any one of the ways below.
        </p>
      </div>

      {outcome && (
        <div className={`notice ${outcome.kind}`} role={outcome.kind === 'error' ? 'alert' : 'status'} data-testid="add-outcome">
          <span>{outcome.text}</span>
          {outcome.kind === 'ok' && (
            <span className="notice-actions">
              <button className="btn primary" onClick={() => setScreen('live')}>
                Open live view
              </button>
              <button className="btn" onClick={() => setScreen('streamers')}>
                See streamers
              </button>
            </span>
          )}
        </div>
      )}

      <div className="add-grid">
        <section className={`card${scanning ? ' scanning' : ''}`}>
          <h2>
            <span className="step">1</span> Scan with a camera
          </h2>
          <p className="muted">Hold the streamer’s screen in front of this computer’s camera.</p>
          <div className="card-actions">
            {scanning ? (
              <QrScanner onCode={(code) => submit(code, 'The scanned code')} onClose={() => setScanning(false)} />
            ) : (
              <button
                className="btn primary"
                data-testid="start-scan"
                onClick={() => {
                  setOutcome(null);
                  setScanning(true);
                }}
              >
                Start camera
              </button>
            )}
            {platform?.captureScreen && !scanning && (
              // Only where the platform can read the screen (Electron): a code shown on this computer.
              <button className="btn" onClick={() => void readScreen()}>
                Read from this screen
              </button>
            )}
          </div>
        </section>

        <section className="card">
          <h2>
            <span className="step">2</span> Use a picture of the code
          </h2>
          <label
            className={`dropzone${dragOver ? ' over' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragOver(true);
            }}
            onDragLeave={() => setDragOver(false)}
            onDrop={onDrop}
          >
            <input
              type="file"
              accept="image/*"
              className="visually-hidden"
              data-testid="qr-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void readImage(file);
                e.target.value = '';
              }}
            />
            <span className="dropzone-title">Drop a screenshot here</span>
            <span className="muted">or click to choose a file · or paste an image (Ctrl+V)</span>
          </label>
        </section>

        <section className="card">
          <h2>
            <span className="step">3</span> Paste the pairing link
          </h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) submit(text, 'The pairing link');
              else setOutcome({ kind: 'error', text: 'Paste the link that starts with vigil://pair? first.' });
            }}
          >
            <textarea
              className="uri-input"
              data-testid="uri-input"
              placeholder="vigil://pair?v=1&u=…&id=…&t=…"
              spellCheck={false}
              value={text}
              rows={3}
              onChange={(e) => setText(e.target.value)}
            />
            <button className="btn primary" type="submit" data-testid="uri-submit">
              Add streamer
            </button>
          </form>
        </section>
      </div>
      <MovePairings />
    </div>
  );
}
