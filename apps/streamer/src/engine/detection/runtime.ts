/**
 * The TensorFlow.js runtime: `@tensorflow/tfjs-node` when it is installed (native TensorFlow,
 * fastest), else the wasm backend (portable, SIMD), else the pure-JS cpu backend (slow, last
 * resort). Nothing is downloaded: the wasm binaries are read from the package on disk.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** A backend name tfjs knows: 'tensorflow' is tfjs-node's. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Default order of preference. */
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

const require = createRequire(import.meta.url);

/** The folder holding the wasm backend's `.wasm` files. */
export function wasmDir(): string {
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}

/** Registers one backend; false when it is not available here. */
async function register(name: BackendName): Promise<boolean> {
  if (name === 'tensorflow') {
    // Optional dependency: a variable specifier keeps bundlers and tsc from requiring it.
    const specifier = '@tensorflow/tfjs-node';
    return import(specifier).then(() => true, () => false);
  }
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dir = wasmDir();
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': join(dir, 'tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': join(dir, 'tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': join(dir, 'tfjs-backend-wasm-threaded-simd.wasm'),
    });
    return true;
  }
  await import('@tensorflow/tfjs-backend-cpu');
  return true;
}

/**
 * Selects the first backend of `order` that initialises, and returns its name. Throws when none
 * does (only possible when `order` leaves out cpu).
 */
export async function initRuntime(order: readonly BackendName[] = BACKENDS): Promise<BackendName> {
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (!(await register(name))) {
        failures.push(`${name}: not installed`);
        continue;
      }
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
      failures.push(`${name}: did not initialise`);
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  throw new Error(`no TensorFlow.js backend available (${failures.join('; ')})`);
}
