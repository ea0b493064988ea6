/**
 * The email channel: nodemailer over SMTP with STARTTLS or implicit TLS, one message per alert,
 * the snapshot attached. The Message-ID is derived from the outbox key, so if a crash makes us
 * send an alert twice the copies share one Message-ID and mail clients (Gmail, Thunderbird) show one.
 */
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type { EmailChannel } from '@vigil/shared/alerts';
import type { AlertChannel, AlertMessage } from './channel.ts';
import { describeSmtpError } from './smtp-errors.ts';

/** Email channel limits; each has a documented default. */
export interface EmailOptions {
  /** TCP connect timeout. Default 10 s. */
  connectionTimeoutMs?: number;
  /** Wait for the server's greeting. Default 10 s. */
  greetingTimeoutMs?: number;
  /** Idle socket timeout during a send. Default 30 s. */
  socketTimeoutMs?: number;
}

/** Creates an email channel from its config and password. */
export function createEmailChannel(config: EmailChannel, password: string | undefined, options: EmailOptions = {}): AlertChannel {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    ...(config.user ? { auth: { user: config.user, pass: password ?? '' } } : {}),
    // SNI takes host names only (RFC 6066); an IP is still checked against the certificate.
    tls: { ...(isIP(config.host) ? {} : { servername: config.host }), ...(config.ca ? { ca: config.ca } : {}) },
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
    // Never log: nodemailer's logger would print AUTH exchanges.
    logger: false,
    debug: false,
  });
  const secrets = password ? [password] : [];

  async function deliver(subject: string, text: string, messageId: string, snapshot?: Buffer): Promise<void> {
    try {
      await transport.sendMail({
        from: config.from,
        to: config.to,
        subject,
        text,
        messageId,
        ...(snapshot ? { attachments: [{ filename: 'snapshot.jpg', content: snapshot, contentType: 'image/jpeg' }] } : {}),
      });
    } catch (error) {
      throw describeSmtpError(error, config.host, config.port, secrets);
    }
  }

  return {
    id: config.id,
    send: (message: AlertMessage) => deliver(message.subject, message.caption, `<${message.key}@vigil.alert>`, message.snapshot),
    test: () => deliver('Vigil: test message', `This is a test alert from Vigil's "${config.name}" channel. If you read this, email alerts work.`, `<test-${Date.now()}@vigil.alert>`),
    close: () => transport.close(),
  };
}

