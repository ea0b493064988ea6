/** A streamer's presence as a coloured dot and words. */

/** Words for a presence value. */
export function presenceLabel(online: boolean | undefined): string {
  return online ? 'Online' : online === false ? 'Offline' : 'Connecting…';
}

/** Green online, red offline, grey unknown. */
export function PresenceDot({ online }: { online: boolean | undefined }) {
  return <span className={`dot ${online ? 'ok' : online === false ? 'bad' : 'unknown'}`} title={presenceLabel(online)} aria-hidden="true" />;
}
