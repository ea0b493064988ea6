/** Errors the camera manager throws, with a code programs can branch on. */

/** Why a manager call was refused. */
export type LiveErrorCode = 'unknown-camera' | 'too-many-viewers' | 'bad-offer';

/** An error from the camera manager. */
export class LiveError extends Error {
  constructor(
    readonly code: LiveErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LiveError';
  }
}
