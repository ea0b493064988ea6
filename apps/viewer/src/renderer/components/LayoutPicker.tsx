/** Buttons for the grid layouts, each drawn as a small picture of its tiles. */
import { LAYOUT_SIZES, layoutOf, type LayoutSize } from '../../common/layout.ts';
import { useViewer } from '../store/viewer.ts';

function LayoutIcon({ size }: { size: LayoutSize }) {
  const layout = layoutOf(size);
  const w = 16;
  const h = 9;
  return (
    <svg viewBox={`0 0 ${layout.cols * w + (layout.cols - 1) * 2} ${layout.rows * h + (layout.rows - 1) * 2}`} className="layout-icon" aria-hidden="true">
      {layout.tiles.map((t, i) => (
        <rect key={i} x={t.col * (w + 2)} y={t.row * (h + 2)} width={t.span * w + (t.span - 1) * 2} height={t.span * h + (t.span - 1) * 2} rx={1.5} />
      ))}
    </svg>
  );
}

/** The layout buttons. */
export function LayoutPicker() {
  const current = useViewer((s) => s.grid.layout);
  const setLayout = useViewer((s) => s.setLayout);
  return (
    <div className="layout-picker" role="radiogroup" aria-label="Layout">
      {LAYOUT_SIZES.map((size) => (
        <button
          key={size}
          role="radio"
          aria-checked={current === size}
          className={`layout-btn${current === size ? ' active' : ''}`}
          title={`${size} tile${size === 1 ? '' : 's'}`}
          data-testid={`layout-${size}`}
          onClick={() => setLayout(size)}
        >
          <LayoutIcon size={size} />
          <span>{size}</span>
        </button>
      ))}
    </div>
  );
}
