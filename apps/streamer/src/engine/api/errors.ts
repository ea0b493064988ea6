/** Failures the control API reports with an HTTP status and a code the UI can act on. */
import type { ApiError } from '@vigil/shared/api';

type Code = ApiError['error']['code'];
const STATUS: Record<Code, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  internal: 500,
};

/** An error meant for the API client; anything else thrown becomes a generic 500. */
export class ApiFailure extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly issues?: string[],
  ) {
    super(message);
  }

  /** The HTTP status for this failure's code. */
  get status(): number {
    return STATUS[this.code];
  }

  /** The JSON body of the reply. */
  toBody(): ApiError {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}
