/**
 * Bundles the streamer engine for the packaged app: one ESM file for the CLI the app forks
 * (`vigil-streamer --headless`) and one per worker thread (motion, detection), with their npm
 * dependencies inside, so the package needs no TypeScript loader and ships node_modules only for
 * files read from disk (ffmpeg, wasm, model weights; see stage.ts).
 *
 * Engine code finds files next to its sources with `new URL('…', import.meta.url)` (the UI
 * folders, the workers) and `createRequire(import.meta.url)` (ffmpeg, wasm, model). A bundle has
 * one URL for all of them, so each source's `import.meta.url`
 * is rewritten to the URL its file had in the checkout, and stage.ts puts those files at their
 * checkout paths. The relative layout, not the tree, is what the engine relies on.
 */
import { build, type Plugin } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Modules the bundle loads at runtime instead of containing: optional native add-ons of ws. */
export const ENGINE_EXTERNALS = ['electron', 'bufferutil', 'utf-8-validate'] as const;

const BANNER = [
  "import { createRequire as __vigilCreateRequire } from 'node:module';",
  "import { fileURLToPath as __vigilFileURLToPath } from 'node:url';",
  'const require = __vigilCreateRequire(import.meta.url);',
  'const __filename = __vigilFileURLToPath(import.meta.url);',
  "const __dirname = __vigilFileURLToPath(new URL('.', import.meta.url));",
].join(' ');

/** Where the CLI bundle goes, relative to the staged app (apps/streamer/bin/vigil-streamer.js without tsx). */
export const ENGINE_CLI = 'apps/streamer/dist-electron/engine.mjs';

/**
 * The engine's worker threads: each `worker-boot.mjs` registers tsx and imports its worker
 * (`await import('./worker.ts')`). In the package, that boot file is replaced by the bundled
 * worker, at the same path, so the code that starts the thread is unchanged.
 * Returns [boot file relative to root, worker source] pairs.
 */
export function engineWorkers(root: string): [string, string][] {
  const engine = join(root, 'apps/streamer/src/engine');
  const boots = readdirSync(engine, { recursive: true, encoding: 'utf8' }).filter((f) => f.split(sep).pop() === 'worker-boot.mjs');
  return boots.map((boot) => {
    const target = /import\(\s*['"](\.\/[^'"]+\.ts)['"]\s*\)/.exec(readFileSync(join(engine, boot), 'utf8'))?.[1];
    if (!target) throw new Error(`${boot}: no import('./….ts') of a worker in it`);
    return [relative(root, join(engine, boot)), join(engine, dirname(boot), target)];
  });
}

/**
 * An esbuild plugin: in our own sources (not node_modules), `import.meta.url` becomes the URL
 * the source file had in the checkout, computed from the bundle's own URL at runtime.
 * `bundlePath` is where the bundle sits, relative to the checkout and to the stage alike.
 */
export function sourceUrlPlugin(root: string, bundlePath: string): Plugin {
  return {
    name: 'vigil-source-url',
    setup(b) {
      b.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`) || !args.path.startsWith(root)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const fromBundle = relative(dirname(join(root, bundlePath)), args.path).split(sep).join('/');
        const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: args.path.endsWith('ts') ? 'ts' : 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * An esbuild plugin: a dependency that reads its own package.json at runtime through a relative
 * path (`require('../../package.json')`, as @achingbrain/ssdp does for its name and version)
 * finds nothing beside the bundle, so the engine died at start. The call becomes the name and
 * version read at bundle time.
 */
export function ownPackageJsonPlugin(): Plugin {
  const call = /\b(?:req|require)\(\s*['"]((?:\.\.\/)+package\.json)['"]\s*\)/g;
  return {
    name: 'vigil-own-package-json',
    setup(b) {
      b.onLoad({ filter: /[\\/]node_modules[\\/].*\.(js|cjs|mjs)$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('package.json')) return undefined;
        let changed = false;
        const contents = source.replace(call, (whole, path: string) => {
          try {
            const { name, version } = JSON.parse(readFileSync(join(dirname(args.path), path), 'utf8')) as { name?: string; version?: string };
            changed = true;
            return `(${JSON.stringify({ name, version })})`;
          } catch {
            return whole;
          }
        });
        return changed ? { contents, loader: 'js', resolveDir: dirname(args.path) } : undefined;
      });
    },
  };
}

/** Bundles the engine CLI and its workers into `stageDir`; returns the files written (relative). */
export async function bundleEngine(root: string, stageDir: string): Promise<string[]> {
  const jobs: { out: string; stdin?: string; entry?: string }[] = [
    {
      out: ENGINE_CLI,
      // The same entry as bin/vigil-streamer.js, minus tsx's loader.
      stdin: "import { main } from './apps/streamer/src/engine/cli.ts';\nawait main();\n",
    },
    ...engineWorkers(root).map(([boot, entry]) => ({ out: boot, entry })),
  ];
  await Promise.all(
    jobs.map((job) =>
      build({
        ...(job.stdin
          ? { stdin: { contents: job.stdin, resolveDir: root, sourcefile: 'engine-entry.ts', loader: 'ts' as const } }
          : { entryPoints: [job.entry!] }),
        outfile: join(stageDir, job.out),
        bundle: true,
        format: 'esm',
        platform: 'node',
        // Electron 45 runs Node 22.
        target: 'node22',
        external: [...ENGINE_EXTERNALS],
        // CommonJS dependencies bundled into ESM still call require() for Node built-ins, and
        // emscripten's glue (tfjs wasm backend) reads __filename/__dirname.
        banner: { js: BANNER },
        plugins: [sourceUrlPlugin(root, job.out), ownPackageJsonPlugin()],
        legalComments: 'none',
        logLevel: 'warning',
      }),
    ),
  );
  return jobs.map((job) => job.out);
}
