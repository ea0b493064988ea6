import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '@vigil/shell/origin';
import { decidePermission } from '@vigil/shell/permissions';
import { STREAMER_PERMISSIONS } from './permissions.ts';

const APP = 'app://vigil/index.html';

describe('streamer permission table', () => {
  it('is empty: the camera belongs to the engine, not the page', () => {
    expect(Object.keys(STREAMER_PERMISSIONS)).toEqual([]);
    expect(decidePermission(STREAMER_PERMISSIONS, { permission: 'media', mediaTypes: ['video'], origin: APP, isMainFrame: true }, APP_ORIGIN)).toBe(false);
  });
});
