/**
 * The app's frame state (zustand): how the page reached the engine, whether its token works,
 * whether live events flow, and which screen is shown.
 */
import { create } from 'zustand';
import { createApiClient, type ApiClient } from '../api/client.ts';
import { acquireConnection, forgetToken, rememberToken, type Connection } from '../api/connection.ts';

export type Screen = 'cameras' | 'add' | 'pairing' | 'remote' | 'motion' | 'recordings' | 'alerts' | 'system';
/** pending: still looking; missing: no token given; refused: the engine said 401; ready. */
export type AuthState = 'pending' | 'missing' | 'refused' | 'ready';

export interface AppState {
  auth: AuthState;
  api: ApiClient | undefined;
  screen: Screen;
  /** The /api/events socket is open. */
  eventsOpen: boolean;
  init(): Promise<void>;
  /** Uses a token a person pasted on the "no token" screen. */
  enterToken(token: string): void;
  setScreen(screen: Screen): void;
}

/** The frame store. */
export const useApp = create<AppState>()((set, get) => {
  const connect = (connection: Connection) => {
    const api = createApiClient(connection, () => {
      if (get().api !== api) return;
      forgetToken();
      set({ auth: 'refused', api: undefined });
    });
    set({ api, auth: 'ready' });
  };
  return {
    auth: 'pending',
    api: undefined,
    screen: 'cameras',
    eventsOpen: false,
    async init() {
      const connection = await acquireConnection();
      if (connection) connect(connection);
      else set({ auth: 'missing' });
    },
    enterToken: (token) => connect(rememberToken(token)),
    setScreen: (screen) => set({ screen }),
  };
});
