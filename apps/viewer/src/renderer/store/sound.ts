/**
 * Which tile is heard. Tiles start muted (a wall of cameras all talking at once helps nobody);
 * one click on a tile's sound button makes it the one audible tile and mutes the one before,
 * unless the user asks to hear several (the button with Shift, or "mix" on). Volume is one setting
 * for the live view, kept for the session.
 */
import { create } from 'zustand';

interface SoundState {
  /** Slots whose sound plays; empty: every tile muted. */
  audible: number[];
  /** 0-1, applied to every audible tile. */
  volume: number;
  /** Makes `slot` audible (alone, unless `mix`), or mutes it when it already is. */
  toggle(slot: number, mix?: boolean): void;
  setVolume(volume: number): void;
}

export const useSound = create<SoundState>((set) => ({
  audible: [],
  volume: 1,
  toggle: (slot, mix = false) =>
    set((s) => ({ audible: s.audible.includes(slot) ? s.audible.filter((x) => x !== slot) : mix ? [...s.audible, slot] : [slot] })),
  setVolume: (volume) => set({ volume: Math.min(1, Math.max(0, volume)) }),
}));
