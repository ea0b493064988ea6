/**
 * Recording stand-ins for the few Electron objects the shell touches, for unit tests in plain
 * Node (Electron cannot run here). Each records what the code under test applied to it.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMainInvokeEvent } from 'electron';
import type { FrameLike } from '../senders.ts';
type Listener = (...args: unknown[]) => unknown;
/** An event object whose preventDefault() is recorded. */
export declare function fakeEvent<T extends object>(extra?: T): T & {
    defaultPrevented: boolean;
    preventDefault(): void;
};
/** A webContents: event listeners, window-open handler, main frame. */
export declare class FakeWebContents {
    readonly id: number;
    readonly listeners: Map<string, Listener[]>;
    windowOpenHandler: ((details: {
        url: string;
    }) => {
        action: string;
    }) | undefined;
    mainFrame: FrameLike;
    constructor(url?: string);
    on(name: string, fn: Listener): this;
    once(name: string, fn: Listener): this;
    emit(name: string, ...args: unknown[]): void;
    setWindowOpenHandler(fn: (details: {
        url: string;
    }) => {
        action: string;
    }): void;
}
/** A BrowserWindow class that records every instance and its options. */
export declare function fakeBrowserWindowClass(): {
    BrowserWindow: typeof BrowserWindow;
    created: {
        readonly webContents: FakeWebContents;
        readonly loaded: string[];
        readonly listeners: Map<string, Listener[]>;
        shown: boolean;
        focused: boolean;
        readonly options: BrowserWindowConstructorOptions;
        on(name: string, fn: Listener): /*elided*/ any;
        once(name: string, fn: Listener): /*elided*/ any;
        emit(name: string, ...args: unknown[]): void;
        show(): void;
        hide(): void;
        isFocused(): boolean;
        getNormalBounds(): {
            x: number;
            y: number;
            width: number;
            height: number;
        };
        loadURL(url: string): Promise<void>;
    }[];
};
/** An ipcMain that keeps the registered handlers so a test can invoke them. */
export declare function fakeIpcMain(): {
    handlers: Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>;
    handle(name: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
    removeHandler(name: string): void;
    /** Calls a channel as a renderer would: rejects when the handler throws. */
    invoke(name: string, event: unknown, ...args: unknown[]): Promise<unknown>;
};
/** An invoke event from `contents`' top frame (or the given frame). */
export declare function invokeEvent(contents: FakeWebContents, frame?: FrameLike | null): IpcMainInvokeEvent;
export {};
