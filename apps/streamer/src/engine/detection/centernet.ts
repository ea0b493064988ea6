/**
 * MB3-CenterNet on TensorFlow.js: a 512×512 RGB frame (floats 0..255) in, up to 100 detections
 * out as [x1, y1, x2, y2, score, class] in input pixels, already one per object centre. Vigil
 * maps the boxes back to the frame, drops weak ones and merges overlaps of the same class.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { loadModel } from './model.ts';
import { fillInput, type Raster, type Region } from './raster.ts';
import { initRuntime, type BackendName } from './runtime.ts';

/** The model's input side. */
export const INPUT_SIZE = 512;
const OUTPUT = 'tower_0/detections';

/** One raw detection, with its box normalised to the whole frame. */
export interface Detection {
  classIndex: number;
  score: number;
  box: [number, number, number, number];
}

export interface CenterNetOptions {
  /** Backend preference, default tfjs-node, then wasm, then cpu. */
  backends?: readonly BackendName[];
  /** Model JSON path; default the shipped CenterNet. */
  modelPath?: string;
  /** Detections below this score are not decoded at all. Default 0.2. */
  floorScore?: number;
}

/** The loaded model; one per thread (tfjs keeps global state). */
export class CenterNet {
  private readonly input = new Float32Array(INPUT_SIZE * INPUT_SIZE * 3);

  private constructor(
    private readonly model: GraphModel,
    readonly backend: BackendName,
    private readonly floorScore: number,
  ) {}

  /** Initialises the runtime and loads the model (about 0.3 s from disk). */
  static async load(options: CenterNetOptions = {}): Promise<CenterNet> {
    const backend = await initRuntime(options.backends);
    const model = await loadModel(options.modelPath);
    const net = new CenterNet(model, backend, options.floorScore ?? 0.2);
    net.detect({ width: 8, height: 8, channels: 1, data: new Uint8Array(64) }); // compile kernels once
    return net;
  }

  /** Runs the model on one region of a frame. */
  detect(raster: Raster, region: Region = { x: 0, y: 0, w: 1, h: 1 }): Detection[] {
    const place = fillInput(raster, region, INPUT_SIZE, this.input);
    const rows = tf.tidy(() => {
      const x = tf.tensor4d(this.input, [1, INPUT_SIZE, INPUT_SIZE, 3]);
      return (this.model.execute(x, OUTPUT) as tf.Tensor).dataSync() as Float32Array;
    });
    const detections: Detection[] = [];
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    for (let i = 0; i + 5 < rows.length; i += 6) {
      const score = rows[i + 4]!;
      const classIndex = rows[i + 5]!;
      if (!(score >= this.floorScore) || Number.isNaN(classIndex)) continue;
      const fx = (v: number) => clamp((v / place.scale + place.x0) / raster.width);
      const fy = (v: number) => clamp((v / place.scale + place.y0) / raster.height);
      detections.push({ classIndex: Math.round(classIndex), score, box: [fx(rows[i]!), fy(rows[i + 1]!), fx(rows[i + 2]!), fy(rows[i + 3]!)] });
    }
    return detections;
  }

  /** Releases the model's weights. */
  dispose(): void {
    this.model.dispose();
  }
}
