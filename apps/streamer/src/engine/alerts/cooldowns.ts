/**
 * Cooldowns on disk: when each rule last fired for each camera, in `cooldowns.json` beside the
 * outbox, so an engine restart inside a cooldown does not alert a second time. The file is
 * replaced atomically after each change; a missing file is a first run, a damaged one is logged
 * and ignored (cooldowns then start empty: one alert too many, never a crash or a lost alert).
 */
import { readFile } from 'node:fs/promises';
import { issueLines } from '@vigil/shared/issues';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-file.ts';
import type { AlertLog } from './redact.ts';

/** When a rule last fired for a camera, and for which event. */
export interface CooldownMark {
  rule: string;
  camera: string;
  at: number;
  event: string;
}

/** Limits of the file; each with its reason. */
export const COOLDOWN_LIMITS = {
  /** Most marks kept (newest first): rules × cameras of a large home install is far below it. */
  maxMarks: 1000,
  /** A mark older than the longest cooldown a rule may have (24 h, shared/src/alerts) suppresses nothing. */
  maxAgeMs: 86_400_000,
} as const;

const Mark = z.object({
  rule: z.string().min(1).max(200),
  camera: z.string().min(1).max(200),
  at: z.number().finite(),
  event: z.string().max(500),
});
const CooldownsFile = z.object({ version: z.literal(1), marks: z.array(Mark) });

/** The marks worth keeping at `now`: not older than maxAgeMs, not from the future, newest maxMarks. */
export function pruneMarks(marks: readonly CooldownMark[], now: number): CooldownMark[] {
  return marks
    .filter((mark) => mark.at <= now && now - mark.at < COOLDOWN_LIMITS.maxAgeMs)
    .sort((a, b) => b.at - a.at)
    .slice(0, COOLDOWN_LIMITS.maxMarks);
}

/** Reads the marks in `file`; missing → none; damaged → none, with the reason logged. */
export async function loadCooldowns(file: string, now: number, log: AlertLog): Promise<CooldownMark[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log('warn', 'cooldowns unreadable; starting without cooldowns', { reason: (error as Error).message });
    return [];
  }
  let parsed: z.infer<typeof CooldownsFile>;
  try {
    parsed = CooldownsFile.parse(JSON.parse(text));
  } catch (error) {
    const reason = error instanceof z.ZodError ? issueLines(error).join('; ') : (error as Error).message;
    log('warn', 'cooldowns file damaged; starting without cooldowns', { reason: reason.slice(0, 300) });
    return [];
  }
  // A mark from the future (the clock was set back) would hold its cooldown for that long: dropped.
  return pruneMarks(parsed.marks, now);
}

/** Writes the marks atomically; saves run one after another, each writing the latest marks. */
export class CooldownWriter {
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly log: AlertLog,
  ) {}

  /** Writes `marks()` (read when the write starts); a failed write is logged, never thrown. */
  save(marks: () => CooldownMark[]): Promise<void> {
    this.#chain = this.#chain.then(async () => {
      try {
        await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, marks: marks() })}\n`);
      } catch (error) {
        // The alert itself is already queued; only its cooldown may be forgotten by a restart.
        this.log('warn', 'cooldowns not saved', { reason: (error as Error).message });
      }
    });
    return this.#chain;
  }
}
