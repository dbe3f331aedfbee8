// The named situations the emulated Spark can be put in. Each one is a set of facts in
// state.json (what the stand-ins, the serve front and the client-side CLI read) plus, for the
// Tailscale SSH cases, how the sshd greets a client. Pure data: index.ts applies it.

export const SCENARIOS = [
  /** Everything works: serve configured (HTTPS 443 → http://127.0.0.1:30001), operator set, server up. */
  'healthy',
  /** The tailnet has Serve/HTTPS off: `serve --bg` prints the enable link, applies nothing, exits 0. */
  'serveNotEnabled',
  /**
   * Like serveNotEnabled, but the control plane tells the CLI to wait: `serve --bg` prints the
   * enable block and then blocks until Serve gets enabled (setScenario('healthy') = the admin
   * clicked the link), then applies the config and prints the usual success text.
   */
  'serveNotEnabledWaits',
  /** HTTPS certificates disabled: `tailscale cert` refuses, the serve front fails every TLS handshake. */
  'httpsCertsDisabled',
  /** Tailscale installed as a snap: snap socket, no tailscaled.service, `snap` commands, operator unset. */
  'snap',
  /** No operator: `tailscale serve --bg` without sudo gets "Access denied: serve config denied". */
  'operatorNotSet',
  /** tailscaled stopped on the Spark: every tailscale command fails to connect; the peer looks offline. */
  'daemonDown',
  /** The Spark is off the tailnet: client status Online:false + LastSeen, SSH and HTTPS refused. */
  'sparkOffline',
  /** Tailscale SSH in check mode: sshd banner with the check URL, and a session never finishes. */
  'tailscaleSshCheckMode',
  /** Tailscale SSH policy rejects the user: sshd banner with the policy text, authentication fails. */
  'tailscaleSshPolicyRejected',
  /** The serve front presents a valid certificate for another name (other-node.<tailnet>). */
  'tlsWrongName',
  /** tailscaled is not running on the developer's machine (client-side `tailscale` fails). */
  'clientDaemonDown',
  /** The developer's machine is logged out of Tailscale (BackendState NeedsLogin). */
  'clientLoggedOut',
] as const;

export type Scenario = (typeof SCENARIOS)[number];

export const CHECK_URL = 'https://login.tailscale.com/a/5e1d9c3b7a2f';

/** What a Tailscale SSH server says before authentication, per scenario (null: plain OpenSSH). */
export function sshGreeting(scenario: Scenario): { bannerText: string | null; extraConfig: string[] } {
  if (scenario === 'tailscaleSshCheckMode') {
    return {
      bannerText: `# Tailscale SSH requires an additional check.\n# To authenticate, visit: ${CHECK_URL}\n`,
      // The real server holds the session until the browser check completes: it never does here.
      extraConfig: ['ForceCommand /bin/sleep 3600'],
    };
  }
  if (scenario === 'tailscaleSshPolicyRejected') {
    return { bannerText: 'tailscale: tailnet policy does not permit you to SSH to this node\n', extraConfig: ['DenyUsers *'] };
  }
  return { bannerText: null, extraConfig: [] };
}

/** The state facts for a scenario (the parts of state.json a scenario decides). */
export interface ScenarioFacts {
  install: 'deb' | 'snap';
  tailnet: { serveEnabled: boolean; httpsCerts: boolean; funnel: boolean; enableWaits: boolean };
  cert: 'good' | 'wrong' | 'none';
  tailscaledRunning: boolean;
  online: boolean;
  client: { daemon: boolean; loggedOut: boolean };
  operatorSet: boolean;
  serveConfigured: boolean;
}

export function scenarioFacts(scenario: Scenario): ScenarioFacts {
  const f: ScenarioFacts = {
    install: 'deb',
    tailnet: { serveEnabled: true, httpsCerts: true, funnel: true, enableWaits: false },
    cert: 'good',
    tailscaledRunning: true,
    online: true,
    client: { daemon: true, loggedOut: false },
    operatorSet: true,
    serveConfigured: true,
  };
  switch (scenario) {
    case 'serveNotEnabled':
    case 'serveNotEnabledWaits':
      f.tailnet.enableWaits = scenario === 'serveNotEnabledWaits';
      f.tailnet.serveEnabled = false;
      f.tailnet.httpsCerts = false;
      f.tailnet.funnel = false;
      f.serveConfigured = false;
      break;
    case 'httpsCertsDisabled':
      f.tailnet.httpsCerts = false;
      f.cert = 'none';
      break;
    case 'snap':
      f.install = 'snap';
      f.operatorSet = false;
      break;
    case 'operatorNotSet':
      f.operatorSet = false;
      break;
    case 'daemonDown':
      f.tailscaledRunning = false;
      break;
    case 'sparkOffline':
      f.online = false;
      break;
    case 'tlsWrongName':
      f.cert = 'wrong';
      break;
    case 'clientDaemonDown':
      f.client.daemon = false;
      break;
    case 'clientLoggedOut':
      f.client.loggedOut = true;
      break;
    default:
      break;
  }
  return f;
}
