/**
 * Playback benchmark: a paired viewer (the real UI in Chromium) plays one camera's recordings
 * from the engine over its WebRTC data channel.
 *
 *   npx tsx bench/playback/run.ts [--rounds 2] [--media 16] [--burn 0]
 *
 * - Time to first frame: from the click on the tile's "Recordings" button to the first frame the
 *   playback screen shows (session set-up with ICE, listing, media fetch, decode).
 * - Stalls at 1×, 2× and 4×: from the start of the recordings, `--media` seconds of media are
 *   played; a frame-to-frame pause over 300 ms (requestVideoFrameCallback) is a stall.
 * Both are measured for the current player and, in the same run and alternating with it, for the
 * previous one (the viewer's `vigil.playback.policy = legacy` switch: fixed 2-minute windows
 * fetched only after the last one finished, waiting for ICE gathering to complete).
 * `--burn N` adds N busy-looping processes, to see the player on a loaded machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { measurePlayback, openRecordingsTimed, pairAndShowCamera, seekTo, startPlaybackStack, type OpenTiming, type PlaybackRun } from '../../tests/helpers/playback-ui.ts';
import { waitFor } from '../../tests/viewer/harness.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' }, media: { type: 'string', default: '16' }, burn: { type: 'string', default: '0' } } });
const rounds = Number(values.rounds);
const mediaSeconds = Number(values.media);
const POLICIES = ['legacy', 'current'] as const;
const RATES = [1, 2, 4];

const stack = await startPlaybackStack('vigil-bench-playback-');
const burners: ChildProcess[] = [];
for (let i = 0; i < Number(values.burn); i++) burners.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
try {
  const { engine, page } = stack;
  console.log(`recording camera "yard" (640×360, 15 fps, 4 s segments); waiting for ${mediaSeconds * 2} s of recordings…`);
  const enough = await waitFor(
    async () => engine.recording.list('yard'),
    (segments) => segments.length > 0 && segments.at(-1)!.end - segments[0]!.start >= mediaSeconds * 2000,
    180_000,
    { every: 1000 },
  );
  const start = enough.find((s) => s.end - s.start >= 3500)?.start ?? enough[0]!.start;
  await pairAndShowCamera(stack);

  const firstFrame: Record<string, OpenTiming[]> = { legacy: [], current: [] };
  const runs: Record<string, PlaybackRun[]> = { legacy: [], current: [] };
  for (let round = 0; round < rounds; round++) {
    for (const policy of POLICIES) {
      await page.evaluate((p) => (p === 'legacy' ? localStorage.setItem('vigil.playback.policy', 'legacy') : localStorage.removeItem('vigil.playback.policy')), policy);
      const timing = await openRecordingsTimed(page);
      firstFrame[policy]!.push(timing);
      console.log(`  round ${round + 1} ${policy.padEnd(7)} first frame ${timing.firstFrame.toFixed(0)} ms after the click (offer sent ${timing.offer.toFixed(0)}, answer ${timing.answer.toFixed(0)}, channel open ${timing.open.toFixed(0)})`);
      await page.getByTestId('zoom-fit').click();
      for (const rate of RATES) {
        await page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid=playback-video]')!.pause());
        await seekTo(page, start + 200);
        const run = await measurePlayback(page, rate, mediaSeconds, { timeoutMs: (mediaSeconds / rate) * 1500 + 5000 });
        runs[policy]!.push(run);
        console.log(`  round ${round + 1} ${policy.padEnd(7)} ${rate}×: ${run.mediaS.toFixed(1)} s of media in ${run.wallS.toFixed(1)} s (speed ×${run.speedRatio.toFixed(2)}), stalls ${run.stalls} (${run.stalledMs} ms, longest pause ${run.longestStallMs} ms), waiting ${run.waiting}${run.complete ? '' : ` — did not finish (${run.end})`}`);
      }
      await page.getByTestId('playback-back').click();
    }
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(`\nmachine load average ${loadavg()[0]!.toFixed(2)} on 2 cores; ${rounds} round(s), ${mediaSeconds} s of media per speed${burners.length ? `, ${burners.length} busy process(es)` : ''}`);
  const steps = (policy: string) => (['offer', 'answer', 'open', 'firstFrame'] as const).map((step) => `${step} ${median(firstFrame[policy]!.map((t) => t[step])).toFixed(0)}`).join(', ');
  const ttff = (policy: string) => median(firstFrame[policy]!.map((t) => t.firstFrame));
  console.log(`time to first frame (click → first frame), median: legacy ${ttff('legacy').toFixed(0)} ms, current ${ttff('current').toFixed(0)} ms (ratio ×${(ttff('current') / ttff('legacy')).toFixed(2)})`);
  console.log(`  steps (ms after the click, medians): legacy ${steps('legacy')} · current ${steps('current')}`);
  for (const rate of RATES) {
    const line = POLICIES.map((policy) => {
      const of = runs[policy]!.filter((r) => r.rate === rate);
      const stalls = of.reduce((a, r) => a + r.stalls, 0);
      const stalled = of.reduce((a, r) => a + r.stalledMs, 0);
      const speed = of.reduce((a, r) => a + r.mediaS, 0) / of.reduce((a, r) => a + r.wallS, 0) / rate;
      return `${policy} ${stalls} stall(s) ${stalled} ms, longest pause ${Math.max(...of.map((r) => r.longestStallMs))} ms, speed ×${speed.toFixed(2)}`;
    });
    console.log(`${rate}×: ${line.join(' | ')}`);
  }
} finally {
  for (const child of burners) child.kill();
  await stack.stop();
}
