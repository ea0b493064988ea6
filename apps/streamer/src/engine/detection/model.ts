/**
 * The detection model shipped with Vigil: MB3-CenterNet (COCO, 80 classes) as converted for
 * TensorFlow.js in `@vladmandic/human` (MIT). Loaded from disk through an IO handler built on
 * `tf.io.fromMemory`, so nothing is fetched at run time.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';

const require = createRequire(import.meta.url);

/** The model's JSON (topology and weight manifest); its `.bin` sits beside it. */
export function defaultModelPath(): string {
  // The package exports no package.json: find its folder from its main entry.
  const main = require.resolve('@vladmandic/human');
  const marker = `${sep}@vladmandic${sep}human${sep}`;
  return join(main.slice(0, main.lastIndexOf(marker) + marker.length), 'models', 'centernet.json');
}

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  signature?: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
}

/** Reads a tfjs graph model (model.json + weight shards) from disk into model artifacts. */
export async function readModelArtifacts(path: string): Promise<tf.io.ModelArtifacts> {
  const json = JSON.parse(await readFile(path, 'utf8')) as ModelJson;
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new Error(`${path}: not a TensorFlow.js graph model`);
  const dir = dirname(path);
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const shards = await Promise.all(json.weightsManifest.flatMap((group) => group.paths).map((file) => readFile(join(dir, file))));
  const weights = Buffer.concat(shards);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    signature: json.signature as tf.io.ModelArtifacts['signature'],
  };
}

/** Loads the graph model at `path` (default: the shipped CenterNet) with no network access. */
export async function loadModel(path = defaultModelPath()): Promise<GraphModel> {
  const artifacts = await readModelArtifacts(path);
  return loadGraphModel(tf.io.fromMemory(artifacts));
}
