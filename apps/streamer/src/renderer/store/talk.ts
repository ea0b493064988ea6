/** Who is talking through which camera's speaker now (from the engine's `talk` events). */
import { create } from 'zustand';
import type { TalkActivity } from '@vigil/shared/audio';

interface TalkState {
  /** Active talks, one per camera. */
  talking: TalkActivity[];
  apply(activity: TalkActivity): void;
}

export const useTalk = create<TalkState>((set, get) => ({
  talking: [],
  apply: (activity) => {
    const others = get().talking.filter((t) => t.camera !== activity.camera);
    set({ talking: activity.talking ? [...others, activity] : others });
  },
}));
