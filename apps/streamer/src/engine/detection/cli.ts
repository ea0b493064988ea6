/**
 * What the detector sees in any picture: runs the shipped model over images (JPEG, PNG, or a
 * frame of a video: anything ffmpeg reads) and prints one JSON line per image with its labels,
 * as a camera with these settings would get them (whole frame, no motion filter).
 *
 *   npx tsx apps/streamer/src/engine/detection/cli.ts [--gray] [--min-score 0.35] [--labels person,vehicle] [--backend wasm] image…
 */
import { parseArgs } from 'node:util';
import { DetectionConfig } from '@vigil/shared/detection';
import { issueLines } from '@vigil/shared/issues';
import { CenterNet } from './centernet.ts';
import { decodeImage, toGray } from './decode.ts';
import { toLabels } from './labelling.ts';
import { BACKENDS, type BackendName } from './runtime.ts';

const USAGE = 'usage: cli.ts [--gray] [--min-score S] [--labels a,b] [--backend tensorflow|wasm|cpu] image…';

/** The options the command line asks for; throws a clear error for a bad one. */
export function parseCli(argv: string[]): { images: string[]; gray: boolean; config: DetectionConfig; backends: BackendName[] } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { gray: { type: 'boolean' }, 'min-score': { type: 'string' }, labels: { type: 'string' }, backend: { type: 'string' } },
  });
  if (positionals.length === 0) throw new Error(USAGE);
  const parsed = DetectionConfig.safeParse({
    ...(values['min-score'] === undefined ? {} : { minScore: Number(values['min-score']) }),
    ...(values.labels === undefined ? {} : { labels: values.labels.split(',').map((l) => l.trim()) }),
  });
  if (!parsed.success) throw new Error(`${issueLines(parsed.error).join('; ')}\n${USAGE}`);
  const backend = values.backend as BackendName | undefined;
  if (backend !== undefined && !BACKENDS.includes(backend)) throw new Error(`unknown backend ${backend}\n${USAGE}`);
  return { images: positionals, gray: values.gray ?? false, config: parsed.data, backends: backend ? [backend] : [...BACKENDS] };
}

/** Runs the command; resolves with the number of images analysed. */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { images, gray, config, backends } = parseCli(argv);
  const net = await CenterNet.load({ backends });
  for (const image of images) {
    const rgb = await decodeImage(image);
    const started = performance.now();
    const labels = toLabels(net.detect(gray ? toGray(rgb) : rgb), { labels: config.labels, minScore: config.minScore, minScores: config.minScores });
    process.stdout.write(`${JSON.stringify({ image, backend: net.backend, ms: Math.round(performance.now() - started), labels })}\n`);
  }
  return images.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  });
}
