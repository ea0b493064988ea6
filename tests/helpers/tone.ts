/**
 * Finds the loudest frequency in PCM samples (a Goertzel scan over 50-4000 Hz in 5 Hz steps), so
 * tests can check that a tone went through a chain of codecs.
 */

/** The frequency (Hz) with the most energy in `samples`, read over at most the first second. */
export function dominantFrequency(samples: Int16Array, sampleRate: number, from = 50, to = 4000, step = 5): number {
  const n = Math.min(samples.length, sampleRate);
  if (n === 0) throw new Error('no samples to analyse');
  let best = from;
  let bestPower = -1;
  for (let hz = from; hz <= to; hz += step) {
    const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const s0 = samples[i]! + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    if (power > bestPower) {
      bestPower = power;
      best = hz;
    }
  }
  return best;
}
