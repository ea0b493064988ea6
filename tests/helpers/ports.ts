/** Free-port lookup for fixtures: outside the kernel's ephemeral range (see testkit-ports.ts for why). */
export { freePort } from '../../apps/signaling/src/node/testkit-ports.ts';
