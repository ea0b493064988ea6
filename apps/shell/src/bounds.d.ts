/** A window rectangle. */
export interface Bounds {
    x: number;
    y: number;
    width: number;
    height: number;
}
/** Minimum visible part (px) of a restored window; less and the saved bounds are ignored. */
export declare const MIN_VISIBLE: {
    readonly width: 120;
    readonly height: 60;
};
/** Saved bounds if valid and visible on one of `displays` (their work areas); else `fallback`. */
export declare function restoreBounds(saved: unknown, displays: readonly Bounds[], fallback: Pick<Bounds, 'width' | 'height'>): Partial<Bounds>;
