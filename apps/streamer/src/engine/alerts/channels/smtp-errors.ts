/** Turns nodemailer's errors into reasons a person can act on. */
import { redact } from '../redact.ts';
import { ChannelError } from './channel.ts';

interface SmtpFailure {
  code?: string;
  errno?: number | string;
  syscall?: string;
  responseCode?: number;
  command?: string;
  message?: string;
}

/** Maps an SMTP send failure to a ChannelError with a plain-language reason. */
export function describeSmtpError(error: unknown, host: string, port: number, secrets: string[]): ChannelError {
  const failure = (error ?? {}) as SmtpFailure;
  const message = String(failure.message ?? error);
  const detail = redact(`${failure.code ?? 'error'} ${failure.command ?? ''} ${message}`.trim(), secrets);
  const where = `${host}:${port}`;
  const reason = ((): string => {
    if (failure.code === 'EAUTH') return 'the mail server refused the user name or password';
    if (failure.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(message)) return `cannot find the mail server ${host} (name lookup failed)`;
    if (/ECONNREFUSED/.test(message)) return `cannot reach ${where} (connection refused)`;
    if (/EHOSTUNREACH|ENETUNREACH/.test(message)) return `cannot reach ${where} (no route to the server)`;
    if (failure.code === 'ETIMEDOUT' || /timeout|ETIMEDOUT/i.test(message)) return `cannot reach ${where} (no answer in time)`;
    if (/certificate|self[- ]signed|UNABLE_TO_VERIFY|ERR_TLS_CERT/i.test(message)) return `the certificate of ${host} is not trusted (${message})`;
    if (failure.code === 'ETLS') return `${where} does not offer a secure connection (STARTTLS)`;
    if (failure.code === 'EENVELOPE') return `the mail server rejected the sender or a recipient (${message})`;
    if (failure.code === 'EMESSAGE') return `the mail server rejected the message (${message})`;
    if (failure.code === 'ECONNECTION' || failure.code === 'ESOCKET') return `the connection to ${where} failed (${message})`;
    return `sending failed (${message})`;
  })();
  // No reply after the data went out (socket died, timeout): the server may have queued the mail.
  // A reply code, even an error, means the server answered and did not take it.
  const inData = failure.command === 'DATA' || failure.command === 'DATA_END' || (/timeout/i.test(message) && failure.command !== 'CONN');
  const maybeDelivered = failure.responseCode === undefined && inData;
  return new ChannelError(redact(reason, secrets), detail, maybeDelivered);
}
