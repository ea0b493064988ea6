/**
 * The camera editor's Sound section: what the engine found (codec, copied or encoded, or why the
 * sound cannot be used) and the camera's two switches, live sound and recorded sound. Recording
 * conversations is forbidden in some places, so the recording switch says so.
 */
import type { CameraAudio, CameraAudioState } from '@vigil/shared/audio';

const HANDLING = { copy: 'copied', encode: 'encoded once', off: 'off' } as const;

/** One sentence on the camera's sound as the engine handles it now. */
export function soundSummary(state: CameraAudioState | undefined): string {
  if (!state) return 'Not known yet: the camera’s sound is found once it is live.';
  if (state.message) return state.message;
  if (!state.codec) return 'This camera sends no sound.';
  return `The camera sends ${state.codec.toUpperCase()}: to viewers as Opus (${HANDLING[state.live]}), in recordings as AAC (${HANDLING[state.record]}).`;
}

/** The Sound fieldset of the camera editor. */
export function SoundFields({ value, state, change }: { value: CameraAudio; state: CameraAudioState | undefined; change(patch: Partial<CameraAudio>): void }) {
  return (
    <fieldset className="editor-section" data-testid="sound-fields">
      <legend>Sound</legend>
      <p className="muted small" data-testid="sound-summary">
        {soundSummary(state)}
      </p>
      <label className="switch">
        <input type="checkbox" checked={value.live} onChange={(e) => change({ live: e.target.checked })} data-testid="field-sound-live" />
        <span>
          <strong>Viewers can hear it</strong>
          <span className="muted small"> — tiles start muted; one click listens.</span>
        </span>
      </label>
      <label className="switch">
        <input type="checkbox" checked={value.record} onChange={(e) => change({ record: e.target.checked })} data-testid="field-sound-record" />
        <span>
          <strong>Record sound</strong>
          <span className="muted small"> — some places forbid recording conversations (in public, at work, of neighbours). Check the law where this camera is before turning it on.</span>
        </span>
      </label>
    </fieldset>
  );
}
