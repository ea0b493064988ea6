/** The contract every alert channel fulfils, and the error it throws. */

/** One alert, ready for a channel. */
export interface AlertMessage {
  /** Stable per (event, channel): email uses it as Message-ID so a resend is recognisably the same mail. */
  key: string;
  subject: string;
  caption: string;
  /** JPEG bytes of the snapshot, if any. */
  snapshot?: Buffer;
}

/** A delivery channel: sends alerts and test messages. */
export interface AlertChannel {
  readonly id: string;
  /** Hands `message` to the server; resolves once the server has accepted it. */
  send(message: AlertMessage): Promise<void>;
  /** Sends a real test message (and checks credentials on the way). */
  test(): Promise<void>;
  /** Releases connections. */
  close(): void;
}

/** A failed send, with a reason a person understands and the technical detail (redacted) for logs. */
export class ChannelError extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
    /** True when the server may have accepted the message before the failure (a timeout mid-send). */
    readonly maybeDelivered = false,
  ) {
    super(reason);
    this.name = 'ChannelError';
  }
}
