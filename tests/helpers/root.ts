/**
 * Tests that need root (tmpfs mounts, network namespaces) call this first: without root they fail
 * with the reason, rather than skipping quietly or failing on an obscure EPERM further on.
 */

/** Throws "needs root: <why>" unless the process runs as root. */
export function requireRoot(why: string): void {
  if (process.getuid?.() !== 0) throw new Error(`needs root: ${why} (run as root; README, "Test it", lists the tests that do)`);
}
