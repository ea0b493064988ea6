import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { engineWorkers, ownPackageJsonPlugin, sourceUrlPlugin } from './engineBundle.ts';

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

describe('ownPackageJsonPlugin', () => {
  // @achingbrain/ssdp reads its package.json through a relative require: nothing is there beside
  // the bundle, and the packaged engine died at start ("Cannot find module '../../package.json'").
  it("replaces a dependency's require of its own package.json with its name and version", async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-own-package-'));
    const pkg = join(root, 'node_modules/dep');
    mkdirSync(join(pkg, 'dist/src'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'dep', version: '1.2.3', secret: 'not copied' }));
    writeFileSync(join(pkg, 'dist/src/index.js'), "import { createRequire } from 'node:module';\nconst req = createRequire(import.meta.url);\nexport const { name, version } = req('../../package.json');\n");
    writeFileSync(join(root, 'entry.mjs'), "export { name, version } from './node_modules/dep/dist/src/index.js';");
    const result = await build({
      entryPoints: [join(root, 'entry.mjs')], bundle: true, format: 'esm', platform: 'node', write: false, outfile: join(root, 'out/bin/cli.mjs'),
      plugins: [ownPackageJsonPlugin()], logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toContain('package.json');
    expect(code).toMatch(/\{ "name": "dep", "version": "1.2.3" \}/);
    expect(code).not.toContain('not copied');
  });
});
