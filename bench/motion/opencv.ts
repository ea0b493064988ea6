/**
 * The reference: OpenCV.js's BackgroundSubtractorMOG2 (@techstark/opencv-js, pinned), loaded once
 * per process. The module object is a thenable, so it must not be awaited: wait for
 * onRuntimeInitialized instead.
 */
import { createRequire } from 'node:module';

interface Mat {
  data: Uint8Array;
  delete(): void;
}
interface Mog2 {
  apply(frame: Mat, mask: Mat): void;
  delete(): void;
}
interface Cv {
  Mat: new (...args: number[]) => Mat;
  CV_8UC1: number;
  BackgroundSubtractorMOG2: new (history: number, varThreshold: number, detectShadows: boolean) => Mog2;
  onRuntimeInitialized?: () => void;
  getBuildInformation?: () => string;
}

let loading: Promise<Cv> | undefined;

/** Loads the WASM module (about 10 MB) once. */
export function loadOpenCv(): Promise<Cv> {
  loading ??= new Promise<Cv>((resolve) => {
    const cv = createRequire(import.meta.url)('@techstark/opencv-js') as Cv;
    // Resolve with a plain wrapper: resolving with the thenable module itself would recurse.
    const ready = () => resolve({ Mat: cv.Mat, CV_8UC1: cv.CV_8UC1, BackgroundSubtractorMOG2: cv.BackgroundSubtractorMOG2 });
    if (typeof cv.Mat === 'function') ready();
    else cv.onRuntimeInitialized = ready;
  });
  return loading;
}

/** OpenCV's MOG2 as the bench uses it: `new BackgroundSubtractorMOG2(500, 16, false)`, same frames. */
export class OpenCvMog2 {
  private readonly frame: Mat;
  private readonly mask: Mat;
  private readonly mog: Mog2;

  constructor(cv: Cv, width: number, height: number) {
    this.frame = new cv.Mat(height, width, cv.CV_8UC1);
    this.mask = new cv.Mat(height, width, cv.CV_8UC1);
    this.mog = new cv.BackgroundSubtractorMOG2(500, 16, false);
  }

  /** Returns the foreground mask (255 / 0), a view into WASM memory valid until the next call. */
  apply(gray: Uint8Array): Uint8Array {
    this.frame.data.set(gray);
    this.mog.apply(this.frame, this.mask);
    return this.mask.data;
  }

  /** Frees the WASM objects. */
  delete(): void {
    this.frame.delete();
    this.mask.delete();
    this.mog.delete();
  }
}
