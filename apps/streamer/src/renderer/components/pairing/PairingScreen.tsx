/** The pairing screen: the QR code on the left; paired viewers and live sessions on the right. */
import { useEffect } from 'react';
import { usePairing } from '../../store/pairing.ts';
import { PairingCode } from './PairingCode.tsx';
import { SessionsList } from './SessionsList.tsx';
import { ViewersList } from './ViewersList.tsx';

/** Pair and manage viewers. */
export function PairingScreen() {
  useEffect(() => void usePairing.getState().refresh(), []);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Viewers</h1>
        <p className="muted">Phones and computers that may watch these cameras. Pair a new one with the code; revoke one to lock it out at once.</p>
      </div>
      <div className="pairing-layout">
        <PairingCode />
        <div className="stack">
          <ViewersList />
          <SessionsList />
        </div>
      </div>
    </div>
  );
}
