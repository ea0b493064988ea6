import { describe, expect, it } from 'vitest';
import { decideDownload, downloadUrlAllowed, installDownloads, MAX_FILE_NAME, safeFileName, type DownloadItemLike } from './downloads.ts';
import { APP_ORIGIN } from './origin.ts';
import { WindowRegistry } from './senders.ts';
import { fakeEvent, FakeWebContents } from './testing/fakes.ts';

const policy = { origin: APP_ORIGIN, engineOrigins: ['http://127.0.0.1:7480', 'http://localhost:7480'] };
const CLIP = 'http://127.0.0.1:7480/api/recordings/exports/x1/clip.mp4?expires=9&sig=abc';

describe('downloadUrlAllowed', () => {
  it('allows blob: URLs of the app origin and the engine origins', () => {
    for (const url of ['blob:app://vigil/1b2c-33', CLIP, 'http://localhost:7480/api/recordings/segments/a/b.mp4']) {
      expect(downloadUrlAllowed(url, policy), url).toBe(true);
    }
  });

  it('denies every other origin, scheme and credentialed URL', () => {
    for (const url of [
      'blob:https://evil.example/1',
      'blob:app://vigil.evil/1',
      'blob:null/1',
      'http://127.0.0.1:7481/api/x',
      'https://127.0.0.1:7480/api/x',
      'http://127.0.0.1.evil.example:7480/',
      'http://user:pw@127.0.0.1:7480/api/x',
      'https://example.com/file.mp4',
      'data:text/plain,hi',
      'file:///etc/passwd',
      'app://vigil/index.html',
      'not a url',
    ]) {
      expect(downloadUrlAllowed(url, policy), url).toBe(false);
    }
    expect(downloadUrlAllowed(CLIP, { origin: APP_ORIGIN }), 'no engine origins').toBe(false);
  });
});

describe('safeFileName', () => {
  it.each([
    ['clip.mp4', 'clip.mp4'],
    ['Front door 2026-11-23.tar', 'Front door 2026-11-23.tar'],
    ['../../.bashrc', 'bashrc.download'],
    ['..\\..\\Windows\\evil.exe', 'evil.exe.download'],
    ['a/b/c.png', 'c.png'],
    ['run.desktop', 'run.desktop.download'],
    ['x\u0000y\u202e4pm.jpg', 'x_y_4pm.jpg'],
    ['what?:*"<>|.json', 'what_______.json'],
    ['CON.txt', '_CON.txt'],
    ['lpt1', '_lpt1.download'],
    ['...', 'download.download'],
    ['', 'download.download'],
    ['  spaced  out  .mp4  ', 'spaced out .mp4'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('cuts long names to MAX_FILE_NAME, keeping the extension', () => {
    const name = safeFileName(`${'a'.repeat(400)}.mp4`);
    expect(name).toHaveLength(MAX_FILE_NAME);
    expect(name.endsWith('a.mp4')).toBe(true);
  });
});

describe('decideDownload', () => {
  const request = { urls: [CLIP], initiator: '', fromOurWindow: true, filename: 'clip.mp4' };

  it('allows our window, started by main or our page, every URL allowed', () => {
    expect(decideDownload(request, policy)).toEqual({ allow: true, fileName: 'clip.mp4' });
    expect(decideDownload({ ...request, urls: ['blob:app://vigil/9'], initiator: 'app://vigil', filename: 'export.tar' }, policy)).toEqual({ allow: true, fileName: 'export.tar' });
  });

  it('denies other windows, other initiators and a redirect off the engine', () => {
    expect(decideDownload({ ...request, fromOurWindow: false }, policy)).toMatchObject({ allow: false, reason: 'not from an app window' });
    expect(decideDownload({ ...request, initiator: 'https://evil.example' }, policy)).toMatchObject({ allow: false, reason: 'started by https://evil.example' });
    expect(decideDownload({ ...request, initiator: 'null' }, policy)).toMatchObject({ allow: false });
    expect(decideDownload({ ...request, urls: [CLIP, 'https://evil.example/x.mp4'] }, policy)).toMatchObject({ allow: false, reason: expect.stringContaining('evil.example') });
    expect(decideDownload({ ...request, urls: [] }, policy)).toMatchObject({ allow: false });
  });
});

describe('installDownloads', () => {
  function setup() {
    const listeners: Array<(...args: unknown[]) => void> = [];
    const session = { on: (name: string, fn: (...args: unknown[]) => void) => (name === 'will-download' ? listeners.push(fn) : 0) };
    const registry = new WindowRegistry();
    const ours = new FakeWebContents();
    registry.add(ours);
    const blocked: string[] = [];
    installDownloads(session as never, { policy, registry, downloadsDir: '/home/u/Downloads', onBlocked: (reason) => blocked.push(reason) });
    const item = (url: string, filename: string, initiator = '') => {
      const dialog: unknown[] = [];
      const fake: DownloadItemLike = {
        getURL: () => url,
        getURLChain: () => [url],
        getInitiatorOrigin: () => initiator,
        getFilename: () => filename,
        setSaveDialogOptions: (options) => void dialog.push(options),
      };
      return { fake, dialog };
    };
    const emit = (fake: DownloadItemLike, contents: unknown) => {
      const event = fakeEvent();
      for (const fn of listeners) fn(event, fake, contents);
      return event;
    };
    return { ours, blocked, item, emit };
  }

  it('an allowed download asks where to save, in Downloads, with the cleaned name', () => {
    const { ours, item, emit, blocked } = setup();
    const { fake, dialog } = item(CLIP, '../clip.mp4');
    expect(emit(fake, ours).defaultPrevented).toBe(false);
    expect(dialog).toEqual([{ title: 'Save download', defaultPath: '/home/u/Downloads/clip.mp4' }]);
    expect(blocked).toEqual([]);
  });

  it('a download from elsewhere or from another webContents is cancelled, no dialog', () => {
    const { ours, item, emit, blocked } = setup();
    const evil = item('https://evil.example/x.exe', 'x.exe');
    expect(emit(evil.fake, ours).defaultPrevented).toBe(true);
    const stranger = item(CLIP, 'clip.mp4');
    expect(emit(stranger.fake, new FakeWebContents()).defaultPrevented).toBe(true);
    expect([...evil.dialog, ...stranger.dialog]).toEqual([]);
    expect(blocked).toHaveLength(2);
  });
});
