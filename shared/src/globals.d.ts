/**
 * The few web-platform globals that every runtime Vigil targets (Node ≥ 20, browsers, workers)
 * provides. Declared here instead of pulling in the DOM or Node typings, so `shared/` cannot use
 * anything environment-specific by accident.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly username: string;
  readonly password: string;
}

/** The part of WebCrypto (a global in Node ≥ 20, browsers and workers) that pairing uses. */
interface VigilCryptoKey {
  readonly type: string;
}
interface VigilSubtleCrypto {
  generateKey(algorithm: object, extractable: boolean, usages: string[]): Promise<{ publicKey: VigilCryptoKey; privateKey: VigilCryptoKey }>;
  importKey(format: 'raw' | 'pkcs8' | 'spki', data: Uint8Array, algorithm: string | object, extractable: boolean, usages: string[]): Promise<VigilCryptoKey>;
  exportKey(format: 'raw' | 'pkcs8' | 'spki', key: VigilCryptoKey): Promise<ArrayBuffer>;
  deriveBits(algorithm: object, baseKey: VigilCryptoKey, length: number): Promise<ArrayBuffer>;
  sign(algorithm: string | object, key: VigilCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  verify(algorithm: string | object, key: VigilCryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  encrypt(algorithm: object, key: VigilCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: object, key: VigilCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
}
declare const crypto: { readonly subtle: VigilSubtleCrypto; getRandomValues<T extends Uint8Array>(array: T): T };
declare class TextEncoder {
  encode(text: string): Uint8Array;
}
declare class TextDecoder {
  decode(bytes: Uint8Array): string;
}
