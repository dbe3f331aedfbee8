// Recognises what a Tailscale SSH server tells a client before/while authenticating (the SSH
// auth banner or keyboard-interactive instructions). Texts are exact, from tailscale-cli.md §3.
// Check mode prints a login URL and then WAITS for the browser login: a non-interactive
// session would hang, so the caller shows the URL and fails fast instead.

export type TailscaleSshBanner =
  | { kind: 'checkMode'; url: string; text: string }
  | { kind: 'policyDenied'; reason: string; text: string }
  /** `tailscale: failed to look up local user "bob" `: the SSH target's user does not exist there. */
  | { kind: 'unknownUser'; user?: string; text: string }
  /** `tailscale: failed to fetch next SSH action`: the check-mode approval was not given in time. */
  | { kind: 'checkTimedOut'; text: string }
  | { kind: 'other'; text: string };

const POLICY_DENIALS: RegExp[] = [
  /tailscale: tailnet policy does not permit you to SSH to this node/,
  /tailscale: tailnet policy does not permit you to SSH as user "[^"]*"/,
  /tailscale: failed to evaluate tailnet policy/,
  /tailscale: access denied/,
  /Permission denied \(tailscale\)\./,
];

/** The user name in `tailscale: failed to look up local user "bob" ` — only a plain login name. */
export function bannerUser(text: string): string | undefined {
  return /failed to look up local user "([a-z_][a-z0-9_.-]{0,63}\$?)"/i.exec(text)?.[1];
}

export function classifyBanner(text: string): TailscaleSshBanner {
  // Both are terminal banners (tailssh errBanner); the fetch failure can follow a check-mode URL.
  if (/tailscale: failed to fetch next SSH action/.test(text)) return { kind: 'checkTimedOut', text };
  if (/tailscale: failed to look up local user "/.test(text)) {
    const user = bannerUser(text);
    return { kind: 'unknownUser', ...(user ? { user } : {}), text };
  }
  if (/#\s*Tailscale SSH requires an additional check\./.test(text)) {
    const m = /#\s*To authenticate, visit:\s*(https:\/\/\S+)/.exec(text);
    // Without a URL there is nothing the user could open; still check mode (and still fail fast).
    return { kind: 'checkMode', url: m ? m[1] : 'https://login.tailscale.com/', text };
  }
  for (const re of POLICY_DENIALS) {
    const m = re.exec(text);
    if (m) return { kind: 'policyDenied', reason: m[0], text };
  }
  return { kind: 'other', text };
}

/** The ACL snippet that allows the member to SSH to the Spark (tailscale-cli.md §3, "Policy fix"). */
export const TAILSCALE_SSH_POLICY_SNIPPET = `{ "tagOwners": { "tag:spark": ["autogroup:admin"] },
  "ssh": [ { "action": "accept", "src": ["autogroup:member"], "dst": ["tag:spark"],
             "users": ["autogroup:nonroot", "root"] } ] }`;

/**
 * Tailscale SSH accepted the login but could not start the user's session (policy did not
 * match, SSH not active, or tailscaled without setuid rights). Matched narrowly: a command's
 * own "Operation not permitted" (e.g. kill) must stay that command's result.
 */
export function isSessionOperationNotPermitted(text: string): boolean {
  return /can't set groups: Operation not permitted|^login: .*operation not permitted/im.test(text);
}
