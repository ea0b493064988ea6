/**
 * Builds an app's Electron main process and preload with esbuild:
 *
 *   npx tsx apps/shell/scripts/build.ts viewer|streamer
 *
 * → apps/<app>/dist-electron/main.mjs (ESM, electron external) and preload.cjs (one CommonJS file:
 * a sandboxed preload cannot import other files at runtime). The preload bundle may contain only
 * the preload, the app's IPC contract and zod; the build fails otherwise.
 */
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

const APPS_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** Entry points and output folder of one app. */
export function appLayout(app: 'viewer' | 'streamer') {
  const dir = `${APPS_DIR}${app}/`;
  return { main: `${dir}src/main/main.ts`, preload: `${dir}src/preload/preload.ts`, contract: `${dir}src/common/ipc.ts`, outDir: `${dir}dist-electron` };
}

/** Inputs of a preload bundle that are neither the preload, the contract, nor zod. */
export function unexpectedPreloadInputs(metafile: Metafile, app: 'viewer' | 'streamer'): string[] {
  const allowed = [`apps/${app}/src/preload/preload.ts`, `apps/${app}/src/common/ipc.ts`];
  return Object.keys(metafile.inputs).filter((input) => !allowed.some((a) => input.endsWith(a)) && !/(^|\/)node_modules\/zod\//.test(input));
}

/** Bundles the preload; `write: false` returns the code without touching the disk. */
export async function buildPreload(app: 'viewer' | 'streamer', write = true, outDir = appLayout(app).outDir): Promise<{ code: string; metafile: Metafile }> {
  const layout = appLayout(app);
  const result = await build({
    entryPoints: [layout.preload],
    outfile: `${outDir}/preload.cjs`,
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'chrome140',
    // The sandbox's require() provides 'electron' (contextBridge, ipcRenderer) and nothing else we use.
    external: ['electron'],
    minify: true,
    metafile: true,
    write,
    logLevel: 'silent',
    absWorkingDir: fileURLToPath(new URL('../../../', import.meta.url)),
  });
  const extra = unexpectedPreloadInputs(result.metafile, app);
  if (extra.length) throw new Error(`preload of ${app} pulls in more than its contract and zod: ${extra.join(', ')}`);
  return { code: result.outputFiles?.[0]?.text ?? '', metafile: result.metafile };
}

/** Bundles the main process (ESM; node built-ins and electron stay external) into `outDir`. */
export async function buildMain(app: 'viewer' | 'streamer', outDir = appLayout(app).outDir): Promise<void> {
  const layout = appLayout(app);
  await build({
    entryPoints: [layout.main],
    outfile: `${outDir}/main.mjs`,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: ['electron'],
    // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
    banner: { js: "import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const app = process.argv[2];
  if (app !== 'viewer' && app !== 'streamer') {
    console.error('usage: tsx apps/shell/scripts/build.ts viewer|streamer');
    process.exit(2);
  }
  await buildPreload(app);
  await buildMain(app);
  console.log(`built apps/${app}/dist-electron/{main.mjs,preload.cjs}`);
}
