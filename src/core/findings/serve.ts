// tailscale serve and Funnel on the Spark (src/core/tailnet/serveUrl.ts, src/core/remote/funnel.ts).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import { copyCommand } from './helpers';
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

export const serveFindings = {
  'serve.nothingServed': {
    severity: 'error',
    title: () => 'Nothing is served for the inference port',
    detail: (c) =>
      `"tailscale serve status" on the Spark shows no handler that proxies to port ${c.port ?? 30001}${c.served ? ` (served: ${c.served})` : ''}. Expose the server in the tailnet with "tailscale serve --bg --yes ${c.port ?? 30001}".`,
    fixes: (c) => [
      {
        label: 'Serve Port',
        action: { kind: 'remote', argv: ['tailscale', 'serve', '--bg', '--yes', String(c.port ?? 30001)] },
      },
    ],
  },
  'serve.foreignHost': {
    severity: 'error',
    title: () => 'A Serve route names another host',
    detail: (c) =>
      `The serve config on the Spark proxies port ${c.port ?? 30001} under ${c.hosts ?? 'a host'}, which is not the Spark's own MagicDNS name${c.host ? ` (${c.host})` : ''} or Tailscale address. Tailspark does not use it as the base URL: the API key would be sent there. Serve the port under the Spark's own name with "tailscale serve --bg --yes ${c.port ?? 30001}" and remove the other route.`,
    fixes: () => [],
  },
  'serve.statusUnreadable': {
    severity: 'error',
    title: () => 'Serve status could not be read',
    detail: (c) =>
      `The output of "tailscale serve status --json" on the Spark is not a serve config (${c.message ?? 'unknown reason'}).`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: COMMANDS.showLog } }],
  },
  'serve.urlGuessed': {
    severity: 'info',
    title: () => 'Serve URL guessed',
    detail: (c) =>
      `Tailspark could not read the Spark's serve config (no SSH), so it assumes ${c.url ?? 'https://<MagicDNS name>/v1'} (Serve on port 443 at "/"). The probe confirms or refutes it.`,
    fixes: () => [],
  },
  'serve.funnelOn': {
    severity: 'warning',
    title: () => 'The model is public on the internet (Funnel)',
    detail: (c) =>
      `${c.url ?? 'The route'} is exposed with Tailscale Funnel: anyone on the internet can reach it, not only your tailnet. Keep an API key on the server, or switch to "tailscale serve".`,
    fixes: () => [],
  },
  'funnel.notEnabled': {
    severity: 'error',
    title: () => 'Tailscale Funnel is not enabled on the tailnet',
    detail: (c) =>
      `The Spark's tailscale answered "Funnel is not enabled on your tailnet." Nothing was made public, even though the command exited 0. A tailnet admin must allow Funnel for this node: open ${c.url ?? 'the admin console'} and confirm, then try again.`,
    fixes: (c) => [{ label: 'Enable Funnel', action: { kind: 'openUrl', url: String(c.url ?? 'https://login.tailscale.com/admin/acls') } }],
  },
  'funnel.keyUnverified': {
    severity: 'error',
    title: () => 'Could not verify that the server needs an API key',
    detail: (c) =>
      `Before making the model public, Tailspark asks ${c.url ?? 'the server'} for its model list WITHOUT an API key and expects 401. It got ${c.status ?? 'no answer'}, so it cannot prove that strangers would be refused, and did not turn Funnel on. Make sure the server runs and answers in the tailnet, then try again.`,
    fixes: () => [{ label: 'Diagnose', action: { kind: 'command', command: COMMANDS.doctor } }],
  },
  'funnel.openRoutes': {
    severity: 'error',
    title: (c) => (c.refused ? 'Funnel refused: routes answer without the API key' : 'Public routes answer without the API key'),
    detail: (c) =>
      `${c.url ?? 'The inference server'} requires the API key only under /v1, but ${c.routes ?? 'other routes'} answer${c.refused ? '' : 'ed'} a request without it (vLLM's --api-key guards only /v1; /invocations runs full completions). ${c.refused ? 'Funnel was not turned on and nothing changed.' : 'Anyone on the internet can reach them.'} Publish only the /v1 mount, on its own Funnel port so the Serve on 443 stays tailnet-only (Funnel is switched on per port, not per path): "Set Up Cursor Chat" does that, or run "tailscale funnel --bg --yes --https=8443 --set-path /v1 http://127.0.0.1:${c.port ?? 30001}/v1". Or put a proxy in front that requires the key on every path.`,
    fixes: (c) => [
      { label: 'Set Up Cursor Chat', action: { kind: 'command', command: COMMANDS.cursorChatSetup } },
      ...copyCommand('Copy Funnel Command for /v1', ['tailscale', 'funnel', '--bg', '--yes', '--https=8443', '--set-path', '/v1', `http://127.0.0.1:${c.port ?? 30001}/v1`]),
    ],
  },
  'funnel.metricsOpen': {
    severity: 'warning',
    title: () => 'Server metrics are public without the API key',
    detail: (c) =>
      `${c.url ?? 'The inference server'} answers ${c.routes ?? '/metrics'} without the API key: anyone who finds the Funnel URL sees the model name and its load. Publish only the /v1 mount on its own Funnel port ("tailscale funnel --bg --yes --https=8443 --set-path /v1 http://127.0.0.1:${c.port ?? 30001}/v1", as Set Up Cursor Chat does) to keep them in the tailnet.`,
    fixes: () => [],
  },
  'funnel.portInUse': {
    severity: 'error',
    title: (c) => `Funnel refused: HTTPS port ${c.httpsPort ?? 8443} is already in use`,
    detail: (c) =>
      `Tailspark publishes only /v1 of the inference server, on HTTPS port ${c.httpsPort ?? 8443} of its own (the Serve on 443 stays tailnet-only). That port already serves ${c.routes ?? 'something else'}, and Funnel is switched on for a whole port: turning it on would publish that too. Nothing was changed. Free the port ("tailscale serve --https=${c.httpsPort ?? 8443} off" removes every handler on it) or leave Cursor's chat off.`,
    fixes: () => copyCommand('Copy Serve Status Command', ['tailscale', 'serve', 'status']),
  },
  'funnel.noApiKey': {
    severity: 'error',
    title: (c) => (c.refused ? 'Funnel refused: the model answers without an API key' : 'Public model without an API key'),
    // Two situations share the code: Tailspark refused to turn Funnel on (nothing changed, nothing
    // to undo), or the model IS public right now. Saying "is public" after a refusal alarms the
    // user, and offering "funnel off" there would remove the working tailnet route.
    detail: (c) =>
      c.refused
        ? `Nothing changed. Once public, anyone on the internet could use your GPU: start the server with an API key (SGLang --api-key, vLLM VLLM_API_KEY), store it with Set API Key, then try again.`
        : `${c.url ?? 'The inference server'} is public on the internet through Tailscale Funnel and answers without an API key: anyone can use your GPU. Start the server with --api-key, or stop Funnel and serve only in the tailnet.`,
    fixes: (c) =>
      c.refused
        ? [{ label: 'Set API Key', action: { kind: 'command', command: COMMANDS.setApiKey } }]
        : [
            {
              // "tailscale funnel --https=N off" drops the whole handler; the command serves the
              // port in the tailnet again afterwards, so the editor's base URL keeps working.
              label: 'Serve in Tailnet Only',
              action: { kind: 'command', command: COMMANDS.funnelStop },
            },
          ],
  },
} satisfies Record<string, CatalogueEntry>;
