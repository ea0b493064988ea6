/**
 * The non-loopback address end-to-end tests listen on when they need what loopback turns off
 * (TLS on the bundled signalling server, Chromium's ICE). It is the benches' test address,
 * 192.0.2.2 (TEST-NET-1, documentation range): used as it is when an interface already holds it,
 * otherwise put on an interface of our own (root only), removed again by the returned close().
 */
import { execFileSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { ICE_ADDRESS } from '../viewer/streamerPeer.ts';
import { waitFor } from './wait.ts';

/** The address, and how to give back what was created for it (nothing when it was there). */
export interface TestInterface {
  address: string;
  close(): void;
}

const hasAddress = (address: string) => Object.values(networkInterfaces()).some((list) => list?.some((entry) => entry.address === address));

/**
 * Makes sure `ICE_ADDRESS` is on an interface; throws saying why when it cannot be. The interface
 * made for it is one end of a veth pair whose other end stays in this namespace too (kernels
 * without the dummy driver have veth): a /32 address, no route beyond it.
 */
export async function testInterface(name = `vge2e${process.pid % 10_000}`): Promise<TestInterface> {
  if (hasAddress(ICE_ADDRESS)) return { address: ICE_ADDRESS, close: () => undefined };
  if (process.getuid?.() !== 0) {
    throw new Error(`these tests need a non-loopback address: ${ICE_ADDRESS} is on no interface, and adding an interface for it needs root`);
  }
  execFileSync('ip', ['link', 'add', `${name}a`, 'type', 'veth', 'peer', 'name', `${name}b`]);
  try {
    execFileSync('ip', ['addr', 'add', `${ICE_ADDRESS}/32`, 'dev', `${name}a`]);
    for (const end of ['a', 'b']) execFileSync('ip', ['link', 'set', `${name}${end}`, 'up']);
    // The address is listed (and bindable) once the link is running, a moment after `up`.
    await waitFor(() => hasAddress(ICE_ADDRESS), (ok) => ok, 10_000, { what: `${ICE_ADDRESS} on ${name}a` });
  } catch (error) {
    execFileSync('ip', ['link', 'del', `${name}a`]);
    throw error;
  }
  return { address: ICE_ADDRESS, close: () => execFileSync('ip', ['link', 'del', `${name}a`]) };
}
