/**
 * Per-instance compilation of hot loops.
 *
 * V8 folds the values a closure captures (typed arrays, numbers) into its optimised machine code,
 * but only while the closure's function literal has made a single closure. A second detector in
 * the same thread (the bench, a camera restarted at a new size) shares the literal and loses that:
 * every typed-array access then pays a map check, a length check and two pointer loads, and the
 * MOG2 loop runs about 2× slower (README.md beside this file, "Speed"). `specialise` compiles
 * a fresh copy of a factory for each call, so each instance has its own literal.
 *
 * The factory must be self-contained: it may use only its arguments and globals such as `Math`,
 * never module imports or helpers (the copy is compiled outside this module). The one helper a
 * transpiler may insert, esbuild's `__name` (tsx and vitest keep function names), is provided.
 * Where code generation is not allowed, the factory itself is used: same results, just slower.
 */
let copies = 0;

/** A fresh copy of `factory` (see above); the factory itself if code cannot be generated here. */
export function specialise<F extends (...args: never[]) => unknown>(factory: F): F {
  // The copy's text is made unique: V8 caches compiled code by source text, and a cache hit would
  // hand every instance the same literal again.
  copies++;
  try {
    const copy = new Function('__name', `return (${factory.toString()}); // copy ${copies}`)((fn: unknown) => fn) as unknown;
    return typeof copy === 'function' ? (copy as F) : factory;
  } catch {
    return factory;
  }
}
