/**
 * The self-signed certificate store: an ECDSA P-256 key and certificate created on first run and
 * reused after, so the pin in every QR code already handed out stays valid.
 */
import { webcrypto } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Validity of a generated certificate. Clients pin the key, so expiry only matters to browsers. */
export const SELF_SIGNED_VALIDITY_DAYS = 3650;

/** PEM certificate and PKCS8 key. */
export interface PemPair {
  cert: string;
  key: string;
}

/** Reads `dir/cert.pem` + `dir/key.pem`, or creates them (0600, dir 0700) on first run. */
export async function loadOrCreateSelfSigned(dir: string, hosts: readonly string[] = []): Promise<PemPair> {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  try {
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pair = await generateSelfSigned(hosts);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(keyFile, pair.key, { mode: 0o600 });
  await writeFile(certFile, pair.cert, { mode: 0o600 });
  await chmod(keyFile, 0o600);
  await chmod(certFile, 0o600);
  return pair;
}

/** Generates a self-signed ECDSA P-256 certificate for localhost, loopback and `hosts`. */
export async function generateSelfSigned(hosts: readonly string[] = []): Promise<PemPair> {
  // @peculiar/x509 needs a Reflect polyfill before it loads; import both only when generating.
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  // Passed per call rather than set globally: generating a certificate must not change the
  // crypto provider of other @peculiar/x509 users in the same process.
  const provider = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1];
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const names = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts])];
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex'),
    name: 'CN=Vigil signalling',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + SELF_SIGNED_VALIDITY_DAYS * 86_400_000),
    signingAlgorithm: algorithm,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: /^[\d.]+$|:/.test(value) ? ('ip' as const) : ('dns' as const), value }))),
      new x509.BasicConstraintsExtension(false),
    ],
  }, provider);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString('pem'), key };
}
