import { describe, expect, it } from 'vitest';
import { CameraConfig } from '../config/camera.ts';
import { EngineConfig } from '../config/engine.ts';
import { CameraRecording } from './config.ts';
import { ExportRequest } from './api.ts';
import { canonicalJson } from './manifest.ts';

describe('recording config', () => {
  it('keeps configs written before recording valid, recording nothing', () => {
    const engine = EngineConfig.parse({ cameras: [{ id: 'a', name: 'A', source: { kind: 'test-pattern' } }] });
    expect(engine.recording).toEqual({ root: 'recordings', totalQuotaBytes: 0, minFreeBytes: 1024 ** 3 });
    expect(engine.cameras[0]!.recording).toBeUndefined();
    expect(CameraRecording.parse({}).mode).toBe('off');
  });

  it('accepts a camera recording block with defaults and rejects nonsense', () => {
    const camera = CameraConfig.parse({ id: 'a', name: 'A', source: { kind: 'test-pattern' }, recording: { mode: 'motion' } });
    expect(camera.recording).toMatchObject({ mode: 'motion', segmentSeconds: 60, retentionDays: 14, eventRetentionDays: 30, quotaBytes: 0 });
    expect(CameraRecording.safeParse({ segmentSeconds: 1 }).success).toBe(false);
    expect(CameraRecording.safeParse({ mode: 'always' }).success).toBe(false);
    expect(ExportRequest.safeParse({ camera: 'a', from: 2, to: 1 }).success).toBe(false);
  });

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});
