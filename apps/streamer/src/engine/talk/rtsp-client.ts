/**
 * The few RTSP requests a backchannel needs (RFC 2326), over one TCP connection: requests with
 * CSeq, responses read by Content-Length, Basic or Digest authentication (RFC 2617, MD5) answered
 * once after a 401, and interleaved binary data (`$`, channel, length) written on the same socket.
 * Responses are bounded (headers and body at most `maxResponseBytes`).
 */
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** An RTSP response. */
export interface RtspResponse {
  status: number;
  reason: string;
  headers: Map<string, string>;
  body: string;
}

/** Options of an RTSP connection, each with its default. */
export interface RtspClientOptions {
  /** Longest wait for a response; default 5000 ms. */
  timeoutMs?: number;
  /** Largest response accepted; default 64 KiB. */
  maxResponseBytes?: number;
}

/** A request the camera refused, with its status. */
export class RtspError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    reason: string,
  ) {
    super(`the camera answered ${method} with ${status} ${reason}`);
  }
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** One RTSP connection to a camera. */
export class RtspClient {
  private socket: Socket | undefined;
  private cseq = 0;
  private buffer = Buffer.alloc(0);
  private waiting: ((response: RtspResponse | Error) => void) | undefined;
  private authorization: ((method: string, uri: string) => string) | undefined;
  private readonly user: string;
  private readonly password: string;
  /** The URL without credentials, as sent in requests. */
  readonly url: string;

  constructor(url: string, private readonly options: RtspClientOptions = {}) {
    const parsed = new URL(url);
    this.user = decodeURIComponent(parsed.username);
    this.password = decodeURIComponent(parsed.password);
    parsed.username = parsed.password = '';
    this.url = parsed.toString();
  }

  /** Opens the TCP connection. */
  async open(): Promise<void> {
    const parsed = new URL(this.url);
    const socket = connect(Number(parsed.port || 554), parsed.hostname);
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('error', (error) => this.settle(error));
    socket.on('close', () => this.settle(new Error('the camera closed the RTSP connection')));
    socket.on('data', (chunk) => this.receive(chunk));
    this.socket = socket;
  }

  /** Sends a request (answering one authentication challenge) and resolves with its response. */
  async request(method: string, uri: string, headers: Record<string, string> = {}): Promise<RtspResponse> {
    let response = await this.send(method, uri, headers);
    if (response.status === 401 && !this.authorization && this.user) {
      this.authorization = this.challenge(response.headers.get('www-authenticate') ?? '');
      response = await this.send(method, uri, headers);
    }
    if (response.status !== 200) throw new RtspError(method, response.status, response.reason);
    return response;
  }

  /** Writes one interleaved packet on `channel`. */
  interleave(channel: number, packet: Buffer): void {
    const header = Buffer.from([0x24, channel, packet.length >> 8, packet.length & 0xff]);
    this.socket?.write(Buffer.concat([header, packet]));
  }

  /** Closes the connection. */
  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private send(method: string, uri: string, headers: Record<string, string>): Promise<RtspResponse> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('not connected'));
    const lines = [`${method} ${uri} RTSP/1.0`, `CSeq: ${++this.cseq}`, 'User-Agent: Vigil'];
    if (this.authorization) lines.push(`Authorization: ${this.authorization(method, uri)}`);
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(new Error(`no answer to ${method} from the camera`)), this.options.timeoutMs ?? 5000);
      this.waiting = (result) => {
        clearTimeout(timer);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      socket.write(lines.join('\r\n') + '\r\n\r\n');
    });
  }

  private settle(result: RtspResponse | Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(result);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      // Interleaved data from the camera (RTCP receiver reports): skipped.
      if (this.buffer[0] === 0x24) {
        if (this.buffer.length < 4) return;
        const size = 4 + this.buffer.readUInt16BE(2);
        if (this.buffer.length < size) return;
        this.buffer = this.buffer.subarray(size);
        continue;
      }
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buffer.length > (this.options.maxResponseBytes ?? 65_536)) this.fail('the camera sent an oversized RTSP response');
        return;
      }
      const [status, ...headerLines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const length = Number(headers.get('content-length') ?? 0);
      if (!Number.isFinite(length) || length < 0 || end + 4 + length > (this.options.maxResponseBytes ?? 65_536)) return this.fail('the camera sent an oversized RTSP response');
      if (this.buffer.length < end + 4 + length) return;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + length);
      const match = /^RTSP\/1\.0 (\d{3}) ?(.*)$/.exec(status ?? '');
      if (!match) return this.fail('the camera sent something that is not RTSP');
      this.settle({ status: Number(match[1]), reason: match[2] ?? '', headers, body });
    }
  }

  private fail(message: string): void {
    this.settle(new Error(message));
    this.close();
  }

  // The Authorization header for the camera's challenge: Digest (MD5) when offered, else Basic.
  private challenge(header: string): (method: string, uri: string) => string {
    if (!/^Digest /i.test(header)) {
      const basic = `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
      return () => basic;
    }
    const field = (name: string) => new RegExp(`${name}="([^"]*)"`, 'i').exec(header)?.[1] ?? '';
    const realm = field('realm');
    const nonce = field('nonce');
    const ha1 = md5(`${this.user}:${realm}:${this.password}`);
    return (method, uri) => {
      const response = md5(`${ha1}:${nonce}:${md5(`${method}:${uri}`)}`);
      return `Digest username="${this.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}"`;
    };
  }
}
