/**
 * The demo opens the Electron viewer when an Electron binary is installed. Electron's npm package
 * downloads its binary on first use, which must not happen here (and fails offline), so this
 * looks for an already installed binary (node_modules/electron/path.txt) and never triggers the
 * download.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VIEWER_MAIN = fileURLToPath(new URL('../../../viewer/dist-electron/main.mjs', import.meta.url));

/** The installed Electron executable, or undefined (no binary, or none was ever downloaded). */
export function installedElectron(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json');
    const pathFile = join(dirname(pkg), 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(dirname(pkg), 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the Electron viewer if both the binary and the built shell exist; else undefined. */
export function openElectronViewer(): ChildProcess | undefined {
  const electron = installedElectron();
  if (!electron || !existsSync(VIEWER_MAIN)) return undefined;
  return spawn(electron, [VIEWER_MAIN], { stdio: 'ignore', detached: false });
}
