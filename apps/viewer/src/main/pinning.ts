/** Installs the pin check as the session's certificate verifier. */
import type { Session } from 'electron';
import type { PinSet } from './pins.ts';

/**
 * Sets the verify proc. Call again after the pins change: setting a proc also drops Chromium's
 * cache of earlier verdicts, so a newly paired streamer is not refused from cache.
 */
export function installPinning(session: Pick<Session, 'setCertificateVerifyProc'>, pins: PinSet): void {
  session.setCertificateVerifyProc((request, callback) => callback(pins.verify(request)));
}
