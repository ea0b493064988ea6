/**
 * One ffmpeg command per camera: inputs are read once, and each named output (`live`, `record`
 * riding on it through tee, `motion` later) maps one of them. The argument list is assembled here
 * and the engine spawns the process itself (see process.ts): it needs its own process group,
 * line-by-line stderr and a kill that reaches the whole group.
 *
 * fluent-ffmpeg used to assemble the list. It no longer earns its place: upstream archived it
 * (2025), the engine used none of its runner, probing or presets, and reading the list back
 * needed its private `_getArguments()`. ffmpeg's own order is simple: each input's options before
 * its `-i`, each output's options before its target.
 */
import { redactUrl } from '@vigil/shared/config';

/** A source as ffmpeg reads it. */
export interface PipelineInput {
  /** What ffmpeg opens: URL, device, file path or lavfi graph. May hold credentials. */
  target: string;
  /**
   * A list ffmpeg reads on a pipe instead (an ffconcat list holding a URL with credentials, kept
   * out of argv); `target` is then replaced by that pipe (`pipe:3`, `pipe:4`, …).
   */
  list?: string;
  /** Options placed before `-i` (format, transport, rate). */
  options: string[];
  /** True when the stream must be encoded to H.264 before it can be sent (raw, MJPEG, files). */
  encode: boolean;
}

/** The names outputs can take; one process carries at most one of each. */
export type OutputName = 'live' | 'live-sub' | 'live-audio' | 'motion' | 'record' | 'talk' | 'speaker';

/** One output of the camera's process. */
export interface PipelineOutput {
  name: OutputName;
  /** Index into the pipeline's inputs. */
  input: number;
  /** The streams it maps (`-map` values); default the input's first video stream. */
  maps?: string[];
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
  /** Text written to ffmpeg's fds 3, 4, … at spawn (the inputs' lists, in order); none when absent. */
  pipes?: string[];
  /** True when an input reads ffmpeg's stdin (`pipe:0`): the caller writes it (a talk's Ogg stream). */
  stdin?: boolean;
}

/** Options every camera process gets: quiet banner, no stdin, progress-free info logging. */
const GLOBAL_OPTIONS = ['-hide_banner', '-nostdin', '-loglevel', 'info', '-nostats'];

/** Assembles the ffmpeg arguments for the given inputs and named outputs. */
export function buildPipeline(binary: string, inputs: PipelineInput[], outputs: PipelineOutput[]): Pipeline {
  if (inputs.length === 0) throw new Error('a pipeline needs at least one input');
  const names = new Set<OutputName>();
  const args = [...GLOBAL_OPTIONS];
  const pipes: string[] = [];
  for (const input of inputs) {
    // An input with a list (credentials) is read from the next extra pipe: fd 3, 4, …
    const target = input.list === undefined ? input.target : `pipe:${3 + pipes.push(input.list) - 1}`;
    args.push(...input.options, '-i', target);
  }
  for (const output of outputs) {
    if (names.has(output.name)) throw new Error(`duplicate output ${output.name}`);
    if (!inputs[output.input]) throw new Error(`output ${output.name} maps missing input ${output.input}`);
    names.add(output.name);
    for (const carried of output.carries ?? []) {
      if (names.has(carried)) throw new Error(`duplicate output ${carried}`);
      names.add(carried);
    }
    const maps = output.maps ?? [`${output.input}:v:0`];
    args.push(...maps.flatMap((map) => ['-map', map]), ...output.options, output.target);
  }
  const stdin = inputs.some((input) => input.target === 'pipe:0' && input.list === undefined);
  return { binary, args, redactedArgs: args.map(redactUrl), outputs: [...names], env: { TZ: 'UTC' }, pipes, ...(stdin ? { stdin } : {}) };
}
