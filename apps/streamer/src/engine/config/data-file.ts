/**
 * The engine's own data files (keys, paired viewers): read strictly. A missing file may be made
 * afresh; a present but empty or damaged one must never be, since a new pairing key or identity
 * silently unpairs every viewer. The error names the file and what the owner can do.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ConfigError } from './store.ts';

/** A data file the engine cannot use; the CLI prints its message without a stack. */
export class DataFileError extends ConfigError {
  override name = 'DataFileError';
  constructor(file: string, problem: string, remedy: string) {
    super(`${file} ${problem}. ${remedy}`);
  }
}

/** The file's text, or undefined when it does not exist (any other read failure is a DataFileError). */
export async function readDataFile(file: string, remedy: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataFileError(file, `cannot be read (${(error as Error).message})`, remedy);
  }
}

/** Parses `text` as JSON matching `schema`, or throws a DataFileError naming what is wrong. */
export function parseDataFile<T extends z.ZodType>(file: string, text: string, schema: T, remedy: string): z.infer<T> {
  if (text.trim() === '') throw new DataFileError(file, 'is empty', remedy);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DataFileError(file, 'is damaged (not valid JSON)', remedy);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DataFileError(file, `is damaged (${parsed.error.issues[0]?.path.join('.') || 'top level'}: ${parsed.error.issues[0]?.message})`, remedy);
  return parsed.data;
}
