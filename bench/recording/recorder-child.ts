/**
 * A recording engine in a child process, for crash tests and benchmarks: one camera manager with
 * the recording service wired in, as engine.ts wires it. Argument: JSON { root, camera, storage?,
 * pollMs? }. Prints one JSON line per alert and `{"ready":true}` once started; SIGTERM stops it.
 */
import { createCameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { createRecordingService } from '../../apps/streamer/src/engine/recording/index.ts';
import type { CameraConfigInput } from '@vigil/shared/config';
import type { RecordingStorage } from '@vigil/shared/recording';

interface ChildArgs {
  root: string;
  camera: CameraConfigInput;
  storage?: Partial<RecordingStorage>;
  pollMs?: number;
  recordRetryMs?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const recording = createRecordingService({ storage: { ...args.storage, root: args.root }, pollMs: args.pollMs, diskFullFreeBytes: 256 * 1024 });
recording.onAlert((alert) => console.log(JSON.stringify({ alert })));
await recording.start();
const cameras = createCameraManager({ recording: recording.hook, recordRetryMs: args.recordRetryMs });
cameras.onState((state) => console.log(JSON.stringify({ state: state.state, message: state.message })));
await cameras.upsert(args.camera);
await cameras.start();
console.log(JSON.stringify({ ready: true, command: cameras.command(args.camera.id as string)?.join(' ') }));

process.once('SIGTERM', () => {
  void (async () => {
    await cameras.stop();
    await recording.stop();
    console.log(JSON.stringify({ stopped: true }));
    process.exit(0);
  })();
});
