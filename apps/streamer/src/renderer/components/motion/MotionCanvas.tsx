/**
 * The live picture with what is being tuned drawn over it: zones (outlined), masks (hatched and
 * darker), the polygon being drawn, and the live motion boxes. Clicks add points while drawing;
 * clicking the first point closes the shape.
 */
import { useEffect, useRef, type MouseEvent } from 'react';
import { near, svgPoints, toNormalised, type Point } from '../../logic/polygon.ts';
import type { MotionBox } from '@vigil/shared/motion';

export interface CanvasShape {
  id: string;
  label: string;
  polygon: Point[];
}

export interface MotionCanvasProps {
  stream: MediaStream | null;
  overlay: string | undefined;
  aspect: number;
  zones: CanvasShape[];
  masks: CanvasShape[];
  boxes: MotionBox[];
  drawing: 'zone' | 'mask' | undefined;
  points: Point[];
  onPoint(point: Point): void;
  onCloseShape(): void;
}

export function MotionCanvas(props: MotionCanvasProps) {
  const video = useRef<HTMLVideoElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (video.current && video.current.srcObject !== props.stream) video.current.srcObject = props.stream;
  }, [props.stream]);

  const click = (event: MouseEvent) => {
    if (!props.drawing || !box.current) return;
    const rect = box.current.getBoundingClientRect();
    const point = toNormalised(event.clientX, event.clientY, rect);
    const first = props.points[0];
    if (first && props.points.length >= 1 && near(point, first, rect.width, rect.height)) return props.onCloseShape();
    props.onPoint(point);
  };

  const { drawing, points } = props;
  return (
    <div
      ref={box}
      className={`motion-canvas${drawing ? ' drawing' : ''}`}
      style={{ aspectRatio: String(props.aspect) }}
      data-testid="motion-canvas"
      data-preview={props.stream ? 'live' : 'off'}
      onClick={click}
    >
      <video ref={video} className="motion-video" autoPlay playsInline muted />
      {props.overlay && <div className="motion-video-overlay">{props.overlay}</div>}
      <svg className="motion-svg" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
        <defs>
          <pattern id="motion-hatch" width="0.02" height="0.02" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="0.02" height="0.02" fill="rgba(0,0,0,0.55)" />
            <line x1="0" y1="0" x2="0" y2="0.02" stroke="rgba(240,180,41,0.7)" strokeWidth="0.006" />
          </pattern>
        </defs>
        {props.masks.map((m) => (
          <polygon key={m.id} data-testid="mask-shape" points={svgPoints(m.polygon)} fill="url(#motion-hatch)" stroke="#f0b429" strokeWidth="2" vectorEffect="non-scaling-stroke" />
        ))}
        {props.zones.map((z) => (
          <polygon key={z.id} data-testid="zone-shape" points={svgPoints(z.polygon)} fill="rgba(61,155,255,0.18)" stroke="#3d9bff" strokeWidth="2" vectorEffect="non-scaling-stroke" />
        ))}
        {props.boxes.map((b, i) => (
          <rect key={i} data-testid="motion-box" x={b.x} y={b.y} width={b.w} height={b.h} fill="rgba(240,82,79,0.12)" stroke="#f0524f" strokeWidth="2" vectorEffect="non-scaling-stroke" />
        ))}
        {drawing && points.length > 0 && (
          <polyline points={svgPoints(points)} fill="none" stroke={drawing === 'mask' ? '#f0b429' : '#7fc0ff'} strokeDasharray="6 4" strokeWidth="2" vectorEffect="non-scaling-stroke" />
        )}
      </svg>
      {/* Labels and vertices in pixels (an SVG stretched to 0..1 would squash text and dots). */}
      {props.zones.map((z) => (
        <span key={z.id} className="motion-label" style={{ left: `${z.polygon[0]![0] * 100}%`, top: `${z.polygon[0]![1] * 100}%` }}>
          {z.label}
        </span>
      ))}
      {drawing &&
        points.map(([x, y], i) => (
          <span key={i} className={`motion-vertex${i === 0 ? ' first' : ''}${drawing === 'mask' ? ' mask' : ''}`} data-testid="draw-vertex" style={{ left: `${x * 100}%`, top: `${y * 100}%` }} />
        ))}
    </div>
  );
}
