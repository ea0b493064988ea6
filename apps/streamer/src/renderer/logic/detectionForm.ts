/**
 * A camera's object detection settings as the editor's form: on/off, which labels to look for,
 * and the lowest score kept, typed as a percentage. Per-label scores (`minScores`) are not shown
 * and are kept as stored.
 */
import { DetectionConfig, type DetectionConfigInput, type LabelGroup } from '@vigil/shared/detection';

export interface DetectionForm {
  enabled: boolean;
  labels: LabelGroup[];
  /** Percent, 5-100, as typed. */
  minScore: string;
}

export type DetectionErrors = Partial<Record<'labels' | 'minScore', string>>;

/** Every label, in the order the editor lists them, with words for their checkboxes. */
export const LABEL_CHOICES: ReadonlyArray<{ label: LabelGroup; name: string; hint: string }> = [
  { label: 'person', name: 'Person', hint: 'people' },
  { label: 'vehicle', name: 'Vehicle', hint: 'cars, vans, motorbikes' },
  { label: 'bicycle', name: 'Bicycle', hint: 'bikes' },
  { label: 'animal', name: 'Animal', hint: 'cats, dogs, birds, …' },
  { label: 'package', name: 'Package', hint: 'bags, suitcases' },
];

/** The form of a stored block; absent: off, with the engine's defaults ready for when it is turned on. */
export function detectionFormFrom(stored: DetectionConfigInput | undefined): DetectionForm {
  const config = DetectionConfig.parse(stored ?? {});
  return { enabled: stored !== undefined && config.enabled, labels: config.labels, minScore: String(Math.round(config.minScore * 100)) };
}

/** Problems to show next to the fields (only when detection is on). */
export function validateDetectionForm(form: DetectionForm): DetectionErrors {
  if (!form.enabled) return {};
  const errors: DetectionErrors = {};
  if (form.labels.length === 0) errors.labels = 'Tick at least one thing to look for, or turn object detection off.';
  const text = form.minScore.trim().replace(/\s*%$/, '');
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value < 5 || value > 100) errors.minScore = 'Minimum score is a percentage from 5 to 100 (35 is a good start).';
  return errors;
}

/**
 * The block to save: undefined when detection was never set up and stays off (the camera config
 * keeps no block), else the stored block with the form's values (minScores kept).
 */
export function toDetection(form: DetectionForm, stored: DetectionConfigInput | undefined): DetectionConfigInput | undefined {
  if (!form.enabled && stored === undefined) return undefined;
  const minScore = Number(form.minScore.trim().replace(/\s*%$/, '')) / 100;
  return { ...stored, enabled: form.enabled, labels: [...form.labels], minScore: Number.isFinite(minScore) ? minScore : undefined };
}
