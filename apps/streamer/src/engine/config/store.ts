/**
 * The engine's JSON configuration file: validated on load, written atomically, saves serialised.
 * A file that is not valid JSON or fails the schema is never overwritten: the engine refuses to
 * start and says which field is wrong, so a person's hand edits are not lost.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EngineConfig, type EngineConfigInput } from '@vigil/shared/engine-config';
import { describeIssues } from '@vigil/shared/issues';
import { writeFileAtomic } from './atomic-file.ts';

/** A configuration file that cannot be used, with the reason in words. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ConfigStore {
  readonly file: string;
  /** The last loaded or saved configuration. */
  current(): EngineConfig;
  /** Validates, writes atomically and makes `next` current. Saves run one at a time. */
  save(next: EngineConfigInput): Promise<EngineConfig>;
}

/** Loads `file` (creating it with defaults when missing) and returns a store for later saves. */
export async function openConfigStore(file: string, defaults: EngineConfigInput = {}): Promise<ConfigStore> {
  let config = await loadConfig(file, defaults);
  let queue: Promise<unknown> = Promise.resolve();
  const store: ConfigStore = {
    file,
    current: () => config,
    save(next) {
      const run = queue.then(async () => {
        const valid = EngineConfig.parse(next);
        await writeFileAtomic(file, JSON.stringify(valid, null, 2) + '\n');
        config = valid;
        return valid;
      });
      queue = run.catch(() => {});
      return run;
    },
  };
  return store;
}

async function loadConfig(file: string, defaults: EngineConfigInput): Promise<EngineConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
    const initial = EngineConfig.parse(defaults);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, JSON.stringify(initial, null, 2) + '\n');
    return initial;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON (${(error as Error).message}); fix or move it, it was left untouched`);
  }
  const result = EngineConfig.safeParse(json);
  if (!result.success) throw new ConfigError(`${file} is not a valid Vigil configuration: ${describeIssues(result.error)}`);
  const ids = new Set<string>();
  for (const camera of result.data.cameras) {
    if (ids.has(camera.id)) throw new ConfigError(`${file}: camera id "${camera.id}" appears twice`);
    ids.add(camera.id);
  }
  return result.data;
}
