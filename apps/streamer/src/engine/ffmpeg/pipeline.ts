/**
 * One ffmpeg command per camera: inputs are read once, and each named output (`live`, `record`
 * riding on it through tee, `motion` later) maps one of them. The argument list is assembled
 * here (it used to come from fluent-ffmpeg's private `_getArguments`, the only part of that
 * archived package the engine used; the lists are the same, `-y` rule included). The engine
 * spawns the process itself (see process.ts): its own process group, line-by-line stderr and a
 * kill that reaches the whole group.
 */
import { redactUrl } from '@vigil/shared/config';

/** A source as ffmpeg reads it. */
export interface PipelineInput {
  /** What ffmpeg opens: URL, device, file path or lavfi graph. May hold credentials. */
  target: string;
  /** Options placed before `-i` (format, transport, rate). */
  options: string[];
  /** True when the stream must be encoded to H.264 before it can be sent (raw, MJPEG, files). */
  encode: boolean;
}

/** The names outputs can take; one process carries at most one of each. */
export type OutputName = 'live' | 'live-sub' | 'motion' | 'record';

/** One output of the camera's process. */
export interface PipelineOutput {
  name: OutputName;
  /** Index into the pipeline's inputs. */
  input: number;
  /** Where ffmpeg writes: a URL, pipe:N or a segment pattern. */
  target: string;
  /** Options placed before the target (-map is added by the builder). */
  options: string[];
  /** Further named outputs this one feeds through ffmpeg's tee muxer (e.g. `record` under `live`). */
  carries?: OutputName[];
}

/** A built command, ready to spawn. */
export interface Pipeline {
  binary: string;
  args: string[];
  /** The same args with credentials removed, for logs and UIs. */
  redactedArgs: string[];
  outputs: OutputName[];
  /** Environment for ffmpeg: TZ=UTC so strftime segment names are UTC on every platform. */
  env: Record<string, string>;
}

/** Options every camera process gets: quiet banner, no stdin, progress-free info logging. */
const GLOBAL_OPTIONS = ['-hide_banner', '-nostdin', '-loglevel', 'info', '-nostats'];

/** Assembles the ffmpeg arguments for the given inputs and named outputs. */
export function buildPipeline(binary: string, inputs: PipelineInput[], outputs: PipelineOutput[]): Pipeline {
  if (inputs.length === 0) throw new Error('a pipeline needs at least one input');
  const names = new Set<OutputName>();
  const args = [...GLOBAL_OPTIONS];
  for (const input of inputs) args.push(...input.options, '-i', input.target);
  // Overwrite without asking (stdin is closed) when an output is a file, not a protocol URL:
  // the tee target of a recording reads as one.
  if (outputs.some((output) => !/^[a-z]{2,}:/i.test(output.target))) args.push('-y');
  for (const output of outputs) {
    if (names.has(output.name)) throw new Error(`duplicate output ${output.name}`);
    if (!inputs[output.input]) throw new Error(`output ${output.name} maps missing input ${output.input}`);
    names.add(output.name);
    for (const carried of output.carries ?? []) {
      if (names.has(carried)) throw new Error(`duplicate output ${carried}`);
      names.add(carried);
    }
    args.push('-map', `${output.input}:v:0`, ...output.options, output.target);
  }
  return { binary, args, redactedArgs: args.map(redactUrl), outputs: [...names], env: { TZ: 'UTC' } };
}
