/** One running copy per app: a second launch hands over to the first and quits. */
import type { App } from 'electron';
/** True when this process owns the app; otherwise it quits and returns false. */
export declare function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>, onSecondInstance: () => void): boolean;
