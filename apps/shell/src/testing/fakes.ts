/**
 * Recording stand-ins for the few Electron objects the shell touches, for unit tests in plain
 * Node (Electron cannot run here). Each records what the code under test applied to it.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMainInvokeEvent } from 'electron';
import type { FrameLike } from '../senders.ts';

type Listener = (...args: unknown[]) => unknown;

/** An event object whose preventDefault() is recorded. */
export function fakeEvent<T extends object>(extra: T = {} as T): T & { defaultPrevented: boolean; preventDefault(): void } {
  const event = {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

let nextId = 1;

/** A webContents: event listeners, window-open handler, main frame. */
export class FakeWebContents {
  readonly id = nextId++;
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  /** URLs passed to downloadURL(). */
  readonly downloads: string[] = [];
  mainFrame: FrameLike;
  constructor(url = 'app://vigil/index.html') {
    this.mainFrame = { url, parent: null, processId: 7, routingId: this.id };
  }
  on(name: string, fn: Listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener) {
    return this.on(name, fn);
  }
  emit(name: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(name) ?? []) fn(...args);
  }
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn;
  }
  downloadURL(url: string) {
    this.downloads.push(url);
  }
}

/** A BrowserWindow class that records every instance and its options. */
export function fakeBrowserWindowClass() {
  const created: FakeWindow[] = [];
  class FakeWindow {
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    readonly listeners = new Map<string, Listener[]>();
    shown = false;
    focused = true;
    constructor(readonly options: BrowserWindowConstructorOptions) {
      created.push(this);
    }
    on(name: string, fn: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
      return this;
    }
    once(name: string, fn: Listener) {
      return this.on(name, fn);
    }
    emit(name: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(name) ?? []) fn(...args);
    }
    show() {
      this.shown = true;
    }
    hide() {
      this.shown = false;
    }
    isFocused() {
      return this.focused;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 900, height: 700 };
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    static fromWebContents(contents: unknown) {
      return created.find((w) => w.webContents === contents) ?? null;
    }
  }
  return { BrowserWindow: FakeWindow as unknown as typeof BrowserWindow, created };
}

/** An ipcMain that keeps the registered handlers so a test can invoke them. */
export function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle(name: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) {
      if (handlers.has(name)) throw new Error(`second handler for ${name}`);
      handlers.set(name, fn);
    },
    removeHandler(name: string) {
      handlers.delete(name);
    },
    /** Calls a channel as a renderer would: rejects when the handler throws. */
    async invoke(name: string, event: unknown, ...args: unknown[]) {
      const fn = handlers.get(name);
      if (!fn) throw new Error(`no handler for ${name}`);
      return fn(event as IpcMainInvokeEvent, ...args);
    },
  };
}

/** An invoke event from `contents`' top frame (or the given frame). */
export function invokeEvent(contents: FakeWebContents, frame: FrameLike | null = contents.mainFrame): IpcMainInvokeEvent {
  return { sender: contents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}
