/** The admin token carried in the page's URL fragment (`#token=…`, the link the CLI prints). */

/** What `#token=…` holds; an empty token is absent. */
export function readFragment(hash: string): { token?: string } {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token ? { token } : {};
}

/**
 * The fragment without the token ('' when nothing else remains). A stale `api` field (old links
 * named the API there) is dropped too: the page never talks to an address a link chose, which
 * would hand the token to whoever wrote the link.
 */
export function stripFragment(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('token');
  params.delete('api');
  const rest = params.toString();
  return rest === '' ? '' : `#${rest}`;
}
