/** A small line of the last samples (CPU over the last two minutes). */
import { HISTORY } from '../../store/system.ts';
import { sparkPoints } from '../../logic/system.ts';

const W = 240;
const H = 40;

/** The sparkline of `values` between 0 and `max`. */
export function Sparkline({ values, max }: { values: readonly number[]; max: number }) {
  const points = sparkPoints(values, max, W, H, HISTORY);
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true">
      {values.length > 1 && <polygon className="spark-fill" points={`${points} ${W},${H} ${points.split(' ')[0]!.split(',')[0]},${H}`} />}
      {values.length > 1 && <polyline className="spark-line" points={points} />}
    </svg>
  );
}
