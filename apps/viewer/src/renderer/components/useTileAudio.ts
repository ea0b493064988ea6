/**
 * Plays a tile's sound through WebAudio: the camera's audio track → a gain (0 while muted, else
 * the volume) → the speakers. The video element itself stays muted, so the gain is the one place
 * that decides what is heard. One AudioContext serves every tile; it starts on the first click
 * that unmutes a tile (browsers let a page make sound only after a user gesture).
 */
import { useEffect, useRef } from 'react';

let context: AudioContext | undefined;

/** Plays `stream`'s audio at `volume` unless `muted`. */
export function useTileAudio(stream: MediaStream | null, muted: boolean, volume: number): void {
  const gain = useRef<GainNode | undefined>(undefined);
  const track = stream?.getAudioTracks()[0];

  useEffect(() => {
    if (!track) return;
    context ??= new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const node = context.createGain();
    node.gain.value = 0;
    source.connect(node).connect(context.destination);
    gain.current = node;
    return () => {
      source.disconnect();
      node.disconnect();
      gain.current = undefined;
    };
  }, [track]);

  useEffect(() => {
    if (!gain.current) return;
    gain.current.gain.value = muted ? 0 : volume;
    if (!muted && context?.state === 'suspended') void context.resume();
  }, [muted, volume, track]);
}
