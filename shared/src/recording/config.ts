/**
 * Recording settings: per camera (mode, segment length, retention, quota) and engine-wide
 * (root folder, total quota, free-space guard). Every field has a default, so configs written
 * before recording existed stay valid and record nothing until a camera opts in.
 */
import { z } from 'zod';

const DAY_MS = 86_400_000;
/** One day, for retention fields given in days. */
export const RECORDING_DAY_MS = DAY_MS;

/**
 * 60 s segments: short enough that a motion-only camera drops little unneeded video and that
 * retention frees space in small steps, long enough that a month of one camera is ~43 000
 * files rather than hundreds of thousands (each closed segment costs one hash and one manifest
 * line). A crash loses at most one fragment (~1 s) whatever the segment length.
 */
export const DEFAULT_SEGMENT_SECONDS = 60;

export const RecordingMode = z.enum(['continuous', 'motion', 'off']);
export type RecordingMode = z.infer<typeof RecordingMode>;

export const CameraRecording = z.strictObject({
  /** Off by default: recording fills disks, so a person opts in per camera. */
  mode: RecordingMode.default('off'),
  segmentSeconds: z.number().int().min(2).max(3600).default(DEFAULT_SEGMENT_SECONDS),
  /** Segments without an event are deleted after this many days. */
  retentionDays: z.number().min(0.001).max(3650).default(14),
  /** Segments that overlap an event are kept this long (at least as long as the others). */
  eventRetentionDays: z.number().min(0.001).max(3650).default(30),
  /** Bytes this camera may hold; 0 means only the engine-wide limits apply. */
  quotaBytes: z.number().int().min(0).default(0),
  /** Motion mode: video kept before an event's first moving frame and after its last. */
  preRollSeconds: z.number().min(0).max(120).default(5),
  postRollSeconds: z.number().min(0).max(600).default(10),
});
export type CameraRecording = z.infer<typeof CameraRecording>;
export type CameraRecordingInput = z.input<typeof CameraRecording>;

export const RecordingStorage = z.strictObject({
  /** Folder holding one sub-folder per camera; relative paths are resolved by the engine. */
  root: z.string().min(1).max(4096).default('recordings'),
  /** Bytes all cameras together may hold; 0 means no total quota (the free-space guard still applies). */
  totalQuotaBytes: z.number().int().min(0).default(0),
  /** Oldest segments are evicted while the disk has less free space than this; default 1 GiB. */
  minFreeBytes: z.number().int().min(0).default(1024 ** 3),
});
export type RecordingStorage = z.infer<typeof RecordingStorage>;
