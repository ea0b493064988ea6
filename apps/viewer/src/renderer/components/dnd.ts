/** Drag-and-drop payload types between the camera list and the tiles. */

/** A camera from the side list: JSON CameraRef. */
export const CAMERA_MIME = 'application/x-vigil-camera';
/** A tile dragged onto another: its slot number. */
export const TILE_MIME = 'application/x-vigil-tile';
