/**
 * Recording routes of the control API: list and usage, exports with progress on the event
 * stream (the clip is then downloadable), offline verification of a camera's footage, segment
 * files for playback, signed media links, the storage forecast, and the quota check that keeps
 * a camera's quota within its disk.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { MediaLinkRequest, type MediaLink, type StorageView } from '@vigil/shared/api';
import { CameraId, type CameraConfig } from '@vigil/shared/config';
import { CameraRecording, ExportRequest, RecordingQuery, type ExportProgress, type RecordingStorage } from '@vigil/shared/recording';
import { describeIssues } from '@vigil/shared/issues';
import type { z } from 'zod';
import { ApiFailure } from './api/errors.ts';
import { json, type RouteHandlers } from './api/route.ts';
import { verifyPath, type RecordingService } from './recording/index.ts';
import { parseSegmentName } from './recording/names.ts';
import { forecastStorage } from './system/forecast.ts';
import { diskOf } from './system/monitor.ts';

/**
 * Finished exports remembered for download. Default 32; an older one is forgotten and its folder
 * deleted (all of them also expire: RecordingServiceOptions.exports.ttlMs).
 */
export const MAX_EXPORTS = 32;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiFailure('bad-request', describeIssues(result.error));
  return result.data;
}

/** Wait before re-checking files that may be closed segments not hashed yet (a few recorder polls). */
export const VERIFY_SETTLE_MS = 2000;
/** How long a signed media link works. Default 10 minutes: a segment plays well within it. */
export const MEDIA_LINK_TTL_MS = 10 * 60_000;
/** The paths a signed link may open: one segment, its thumbnail, or one export's clip. Nothing else. */
const SIGNABLE = /^\/api\/recordings\/((segments|thumbnails)\/[^/]+\/[^/]+\.mp4|exports\/[^/]+\/clip\.mp4)$/;

/** What the storage view and the quota check read besides the recordings. */
export interface RecordingsAdminContext {
  cameras(): readonly CameraConfig[];
  storage: RecordingStorage;
}

/** Creates the recording routes' implementation. */
export function createRecordingsAdmin(recording: RecordingService, root: string, emit: (progress: ExportProgress) => void, context?: RecordingsAdminContext) {
  const clips = new Map<string, string>();
  // A per-process key: links die with the engine, and the admin token never leaves in a URL.
  const linkKey = randomBytes(32);
  const sign = (path: string, exp: number) => createHmac('sha256', linkKey).update(`${path}\n${exp}`).digest('hex');
  return {
    /** A signed URL for one segment or clip, for media elements and download links (no headers). */
    link(input: unknown): MediaLink {
      const { path } = parse(MediaLinkRequest, input);
      if (!SIGNABLE.test(path)) throw new ApiFailure('bad-request', 'only a segment or an export clip can be linked');
      const exp = Date.now() + MEDIA_LINK_TTL_MS;
      return { url: `${path}?exp=${exp}&sig=${sign(path, exp)}`, expiresAt: exp };
    },
    /** Whether a GET carries a valid, unexpired signature for exactly this path. */
    signedFor(path: string, query: URLSearchParams): boolean {
      const exp = Number(query.get('exp'));
      const sig = query.get('sig') ?? '';
      if (!SIGNABLE.test(path) || !Number.isFinite(exp) || exp < Date.now() || !/^[0-9a-f]{64}$/.test(sig)) return false;
      return timingSafeEqual(Buffer.from(sig, 'hex'), Buffer.from(sign(path, exp), 'hex'));
    },
    /** A segment's path for playback: the name must be one of the camera's segment names. */
    segment(camera: string, file: string): string {
      parse(CameraId, camera);
      if (parseSegmentName(file)?.camera !== camera) throw new ApiFailure('not-found', `no segment "${file}"`);
      return join(resolve(root), camera, file);
    },
    /** A segment's thumbnail JPEG (made now if missing); not-found for an unknown segment. */
    async thumbnail(camera: string, file: string): Promise<string> {
      parse(CameraId, camera);
      const path = parseSegmentName(file)?.camera === camera ? await recording.thumbnail(camera, file).catch(() => undefined) : undefined;
      if (!path) throw new ApiFailure('not-found', `no thumbnail of "${file}"`);
      return path;
    },
    /** Disk, quotas, per-camera use and the forecast of when they fill. */
    async storage(): Promise<StorageView> {
      const storage = context?.storage ?? { root, totalQuotaBytes: 0, minFreeBytes: 0 };
      const configs = context?.cameras() ?? [];
      const ids = new Set([...configs.map((c) => c.id), ...recording.usage().map((u) => u.camera)]);
      return forecastStorage({
        root: resolve(root),
        disk: await diskOf(resolve(root)),
        totalQuotaBytes: storage.totalQuotaBytes,
        minFreeBytes: storage.minFreeBytes,
        now: Date.now(),
        cameras: [...ids].map((camera) => {
          const config = configs.find((c) => c.id === camera);
          const settings = config?.recording ?? CameraRecording.parse({});
          return { camera, segments: recording.list(camera), quotaBytes: settings.quotaBytes, retentionDays: settings.retentionDays, recording: settings.mode !== 'off' && config?.enabled !== false };
        }),
      });
    },
    /** Refuses a camera config whose quota is larger than the recordings disk (before it is saved). */
    async checkQuota(input: unknown): Promise<void> {
      const quota = (input as { recording?: { quotaBytes?: unknown } } | null)?.recording?.quotaBytes;
      if (typeof quota !== 'number' || quota <= 0) return;
      const disk = await diskOf(resolve(root));
      if (disk && quota > disk.total) {
        const message = `the quota (${gb(quota)}) is larger than the recordings disk (${gb(disk.total)} in total)`;
        throw new ApiFailure('bad-request', `invalid camera: recording.quotaBytes: ${message}`, [`recording.quotaBytes: ${message}`]);
      }
    },
    list: (query: URLSearchParams) => {
      const q = parse(RecordingQuery, Object.fromEntries(query));
      return recording.list(q.camera, q.from, q.to);
    },
    usage: () => recording.usage(),
    /** Starts an export; progress and the result arrive as `recording-export` events. */
    startExport(input: unknown): { id: string } {
      const request = parse(ExportRequest, input);
      const id = randomUUID();
      emit({ id, fraction: 0, state: 'running' });
      recording
        .export(request.camera, request.from, request.to, (fraction) => emit({ id, fraction, state: 'running' }))
        .then((result) => {
          clips.set(id, result.clip);
          while (clips.size > MAX_EXPORTS) {
            const [oldest, clip] = clips.entries().next().value!;
            clips.delete(oldest);
            void recording.releaseExport(dirname(clip)).catch(() => undefined);
          }
          emit({ id, fraction: 1, state: 'done', folder: result.folder });
        })
        .catch((error: Error) => emit({ id, fraction: 0, state: 'failed', error: error.message }));
      return { id };
    },
    /** The exported clip's path, for download. */
    clip(id: string): string {
      const clip = clips.get(id);
      if (!clip) throw new ApiFailure('not-found', `no finished export "${id}"`);
      return clip;
    },
    /**
     * Checks a camera's footage against its hash chain (the segment being written is allowed). A
     * segment ffmpeg has just closed is hashed on the recorder's next poll; if the only problems
     * are files newer than every hashed segment, the check runs once more after that poll, so a
     * finished segment is never reported as unexplained (a planted file still is, on the rerun).
     */
    async verify(input: unknown) {
      const { camera } = parse(CameraId.transform((id) => ({ camera: id })), (input as { camera?: unknown } | null)?.camera);
      const dir = join(resolve(root), camera);
      const report = await verifyPath(dir, { live: true });
      const newest = recording.list(camera).at(-1)?.file ?? '';
      const pending = report.problems.length > 0 && report.problems.every((p) => p.kind === 'unexplained' && basename(p.path) > newest);
      if (!pending) return report;
      await new Promise((resolve) => setTimeout(resolve, VERIFY_SETTLE_MS));
      return verifyPath(dir, { live: true });
    },
  };
}

/** The recording routes: lists, exports, verification, media files (with signed links) and storage. */
export function recordingRoutes(admin: ReturnType<typeof createRecordingsAdmin>): RouteHandlers<'listRecordings' | 'recordingUsage' | 'startExport' | 'exportClip' | 'verifyRecordings' | 'segment' | 'thumbnail' | 'storage' | 'mediaLink'> {
  return {
    listRecordings: ({ query }) => json(admin.list(query)),
    recordingUsage: () => json(admin.usage()),
    startExport: async ({ body }) => json(admin.startExport(await body())),
    exportClip: ({ params }) => {
      // Downloaded under its bundle's name (camera and range), not as "clip.mp4".
      const file = admin.clip(params.id);
      return { file, type: 'video/mp4', name: `${basename(dirname(file))}.mp4` };
    },
    verifyRecordings: async ({ body }) => json(await admin.verify(await body())),
    segment: ({ params }) => ({ file: admin.segment(params.camera, params.file), type: 'video/mp4', inline: true }),
    thumbnail: async ({ params }) => ({ file: await admin.thumbnail(params.camera, params.file), type: 'image/jpeg', inline: true }),
    storage: async () => json(await admin.storage()),
    mediaLink: async ({ body }) => json(admin.link(await body())),
  };
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 10e9 ? 1 : 0)} GB`;
