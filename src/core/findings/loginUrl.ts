// The check-mode banner comes from the SSH server, so its "visit" URL is remote text: the
// "Open Login Page" button may only open Tailscale's own login pages.

/** True for an https URL on login.tailscale.com (or another tailscale.com host), without userinfo or port. */
export function isTailscaleLoginUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return false;
  const host = u.hostname.toLowerCase();
  return host === 'login.tailscale.com' || host.endsWith('.tailscale.com');
}
