/** The grid of tiles, sized to the space available with every tile kept at 16:9. */
import { useLayoutEffect, useRef, useState } from 'react';
import { cameraKey } from '../../common/assignment.ts';
import { fitGrid, layoutOf, tileBox, wantsSubstream } from '../../common/layout.ts';
import { useViewer } from '../store/viewer.ts';
import { Tile } from './Tile.tsx';

/** Pixels between tiles. */
const GAP = 8;

/** The grid. */
export function Grid() {
  const ref = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ width: 0, height: 0 });
  const { layout: size, assignment } = useViewer((s) => s.grid);
  const fullscreen = useViewer((s) => s.fullscreen);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setBox({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    setBox({ width: el.clientWidth, height: el.clientHeight });
    return () => observer.disconnect();
  }, []);

  const layout = layoutOf(size);
  // At the top: space left over goes below the grid, not between it and the toolbar.
  const fit = fitGrid(layout, box.width, box.height, GAP, 'top');
  const single = fitGrid(layoutOf(1), box.width, box.height, 0);

  return (
    <div className="grid-area" ref={ref} data-testid="grid" data-layout={size}>
      {box.width > 0 &&
        layout.tiles.map((rect, slot) => {
          const camera = assignment[slot] ?? null;
          const isFull = fullscreen === slot;
          const b = isFull ? { x: single.left, y: single.top, width: single.width, height: single.height } : tileBox(rect, fit, GAP);
          const style = isFull ? { left: b.x, top: b.y, width: b.width, height: b.height } : { left: fit.left + b.x, top: fit.top + b.y, width: b.width, height: b.height };
          return (
            <Tile
              // Keyed by camera so a tile moved to another slot keeps its connection.
              key={camera ? cameraKey(camera) : `empty-${slot}`}
              slot={slot}
              camera={camera}
              style={style}
              fullscreen={isFull}
              hidden={fullscreen !== null && !isFull}
              substream={wantsSubstream(layout, slot, isFull)}
            />
          );
        })}
    </div>
  );
}
