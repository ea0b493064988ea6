/**
 * COCO's 80 class names (the detector's classes, in its output order) and the groups users see:
 * nobody wants to configure "truck" and "car" separately to be told a vehicle is in the drive.
 */

/** COCO class names, indexed by the model's class output (0 = person). */
export const COCO_CLASSES = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle',
  'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange',
  'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch', 'potted plant', 'bed',
  'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone', 'microwave', 'oven',
  'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear', 'hair drier', 'toothbrush',
] as const;

/** The labels Vigil reports: what moves past a camera and matters to its owner. */
export const LABEL_GROUPS = {
  person: ['person'],
  vehicle: ['car', 'motorcycle', 'bus', 'truck', 'train', 'boat', 'airplane'],
  bicycle: ['bicycle'],
  animal: ['bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe'],
  package: ['backpack', 'handbag', 'suitcase'],
} as const satisfies Record<string, readonly (typeof COCO_CLASSES)[number][]>;

/** A user-facing label. */
export type LabelGroup = keyof typeof LABEL_GROUPS;
export const LABEL_GROUP_NAMES = Object.keys(LABEL_GROUPS) as LabelGroup[];

const groupOfClass = new Map<string, LabelGroup>(
  LABEL_GROUP_NAMES.flatMap((group) => LABEL_GROUPS[group].map((name) => [name, group] as const)),
);

/**
 * The user-facing label of a COCO class index, or undefined for classes that are scenery or
 * household objects (chairs, cups, TVs): they do not walk past a camera, so they never label motion.
 */
export function labelOfClass(classIndex: number): LabelGroup | undefined {
  const name = COCO_CLASSES[classIndex];
  return name === undefined ? undefined : groupOfClass.get(name);
}
