import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { engineWorkers, sourceUrlPlugin } from './engineBundle.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('engineWorkers', () => {
  it('finds each worker-boot.mjs of the engine and the worker it imports', () => {
    const workers = engineWorkers(ROOT);
    expect(workers).toContainEqual(['apps/streamer/src/engine/motion/worker-boot.mjs', join(ROOT, 'apps/streamer/src/engine/motion/worker.ts')]);
  });
});

describe('sourceUrlPlugin', () => {
  it("keeps each source's import.meta.url pointing where the source sits relative to the bundle", async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-source-url-'));
    mkdirSync(join(root, 'src/web'), { recursive: true });
    writeFileSync(join(root, 'src/web/site.ts'), "export const ui = new URL('../../dist/', import.meta.url).href;");
    writeFileSync(join(root, 'src/cli.ts'), "import { ui } from './web/site.ts'; export const here = import.meta.url; export { ui };");
    const result = await build({
      entryPoints: [join(root, 'src/cli.ts')], bundle: true, format: 'esm', write: false, outfile: join(root, 'out/bin/cli.mjs'),
      plugins: [sourceUrlPlugin(root, 'out/bin/cli.mjs')], logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(code).toContain('new URL("../../src/web/site.ts", import.meta.url).href');
    expect(code).toContain('new URL("../../src/cli.ts", import.meta.url).href');
    // Evaluated from the bundle's place, the URLs are those of the checkout.
    const bundleUrl = `file://${root}/out/bin/cli.mjs`;
    const run = new Function('meta', code.replaceAll('import.meta.url', 'meta').replace(/export\s*\{[^}]*\};?/, 'return { ui, here };')) as (meta: string) => { ui: string; here: string };
    expect(run(bundleUrl)).toEqual({ ui: `file://${root}/dist/`, here: `file://${root}/src/cli.ts` });
  });
});
