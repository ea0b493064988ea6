/** The admin token (and, for a dev server, the API origin) carried in the page's URL fragment. */

/** What `#token=…[&api=…]` holds; empty fields are absent. */
export function readFragment(hash: string): { token?: string; api?: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  const api = params.get('api')?.trim();
  return { ...(token ? { token } : {}), ...(api && /^https?:\/\//.test(api) ? { api: api.replace(/\/+$/, '') } : {}) };
}

/** The fragment without the token and api fields ('' when nothing else remains). */
export function stripFragment(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('token');
  params.delete('api');
  const rest = params.toString();
  return rest === '' ? '' : `#${rest}`;
}
