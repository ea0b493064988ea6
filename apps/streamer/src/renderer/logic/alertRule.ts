/** Alert rules in words, and the checks of the labels part of the rule form. */
import type { AlertRule } from '@vigil/shared/alerts';
import type { CameraConfig } from '@vigil/shared/config';
import type { LabelGroup } from '@vigil/shared/detection';

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Person in Driveway (Porch) → Email"; without labels "Motion at Porch → Email, Telegram". */
export function describeRule(
  rule: Pick<AlertRule, 'cameras' | 'zones' | 'channels' | 'labels'>,
  names: { camera(id: string): string; zone(id: string): string; channel(id: string): string },
): string {
  const what = rule.labels?.length ? capital(rule.labels.join(' or ')) : 'Motion';
  const cameras = rule.cameras.length ? rule.cameras.map(names.camera).join(', ') : 'any camera';
  const inCameras = rule.cameras.length ? ` (${cameras})` : '';
  const where = rule.zones.length ? ` in ${rule.zones.map(names.zone).join(', ')}${inCameras}` : ` at ${cameras}`;
  return `${what}${where} → ${rule.channels.map(names.channel).join(', ')}`;
}

/** The cameras of a rule (empty: all) that look for none of `labels`. */
export function camerasBlindTo(labels: readonly LabelGroup[], ruleCameras: readonly string[], cameras: readonly CameraConfig[]): CameraConfig[] {
  return cameras
    .filter((c) => ruleCameras.length === 0 || ruleCameras.includes(c.id))
    .filter((c) => !c.detection?.enabled || !labels.some((label) => c.detection!.labels.includes(label)));
}

/**
 * What to tell about a rule's labels: an error when it could never send (it skips unconfirmed
 * events and no camera of the rule looks for its labels), a warning when some cameras are blind to them.
 */
export function checkRuleLabels(
  rule: Pick<AlertRule, 'cameras' | 'labels' | 'unconfirmed'>,
  cameras: readonly CameraConfig[],
): { error?: string; warning?: string } {
  const labels = rule.labels ?? [];
  if (labels.length === 0) return {};
  const inRule = cameras.filter((c) => rule.cameras.length === 0 || rule.cameras.includes(c.id));
  const blind = camerasBlindTo(labels, rule.cameras, cameras);
  if (blind.length === 0) return {};
  const names = blind.map((c) => c.name).join(', ');
  if (blind.length === inRule.length && rule.unconfirmed === 'skip') {
    return { error: `No camera of this rule looks for ${labels.join(' or ')} (${names}), so it would never alert. Turn on object detection in the camera's settings, or choose "alert anyway".` };
  }
  const outcome = rule.unconfirmed === 'skip' ? 'never alert from them' : 'alert on any motion from them';
  return { warning: `${names} ${blind.length === 1 ? 'does' : 'do'} not look for ${labels.join(' or ')}: this rule will ${outcome}. Object detection is set in each camera's settings.` };
}
