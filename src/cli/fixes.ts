// A Finding's fixes as the CLI says them. The catalogue speaks editor (open setting X, run
// command Y); in a terminal those mean nothing, so each becomes the CLI flag or command line that
// does the same. Fixes with no CLI equivalent keep their label without the editor id.
import type { Fix, FixAction } from '../core/findings';
import { tr } from '../core/l10n';
import { displayArgv } from '../core/remote/run';
import { COMMANDS } from '../core/commands';

/** Editor setting → the CLI flag that sets the same thing for one run. */
const SETTING_FLAGS: Record<string, string> = {
  'tailspark.ssh.target': 'pass --ssh-target user@host[:port] (or the TARGET of tailspark run), or a Host alias from --ssh-config FILE',
  'tailspark.baseUrl': 'pass --url URL (apply) or --base-url URL (doctor)',
  'tailspark.spark.host': 'pass --host NAME (MagicDNS name, host name, Tailscale IP or tag:…)',
  'tailspark.service.unit': 'pass --unit UNIT (doctor)',
  'tailspark.tailscale.path': 'pass --tailscale PATH',
  'tailspark.targets.settingsKeys': 'pass --settings FILE --settings-key KEY (apply)',
};

/** Editor command id → the CLI command that does the same. */
const COMMAND_LINES: Record<string, string> = {
  [COMMANDS.refresh]: 'run the same tailspark command again',
  [COMMANDS.doctor]: 'run: tailspark doctor',
  [COMMANDS.applyBaseUrl]: 'run: tailspark apply --target NAME --url URL',
  [COMMANDS.setApiKey]: 'put the key in an environment variable and pass --api-key-env VAR (doctor reads TAILSPARK_API_KEY)',
  [COMMANDS.showLog]: 'run again with TAILSPARK_SSH_LOG=1 to see the SSH steps on stderr',
  [COMMANDS.logsFollow]: 'run: tailspark run TARGET -- journalctl -u UNIT -f',
  [COMMANDS.serviceRestart]: 'run: tailspark run --sudo TARGET -- systemctl restart UNIT',
  [COMMANDS.serviceStart]: 'run: tailspark run --sudo TARGET -- systemctl start UNIT',
  [COMMANDS.serviceStatus]: 'run: tailspark run TARGET -- systemctl status UNIT',
  [COMMANDS.funnelStop]: 'run: tailspark run --sudo TARGET -- tailscale funnel --https=443 off',
};

/** What a fix action means on the command line, or undefined when the CLI has no equivalent. */
export function cliAction(a: FixAction): string | undefined {
  switch (a.kind) {
    case 'openUrl':
      return tr('open {0}', a.url);
    case 'remote':
      return tr('on the Spark: {0}', displayArgv(a.argv, a.sudo));
    case 'copy':
      return tr('run: {0}', a.text);
    case 'openSettings':
      return SETTING_FLAGS[a.setting];
    case 'command':
      return COMMAND_LINES[a.command];
  }
}

/** One fix as a terminal line (without the leading "fix: "). Never an editor setting or command id. */
export function cliFixText(fix: Fix): string {
  if (!fix.action) return fix.label;
  const how = cliAction(fix.action);
  // Editor-only actions ("Open Settings", "Show Log") have labels that only make sense in the editor.
  if (fix.action.kind === 'openSettings' || fix.action.kind === 'command') return how ?? fix.label;
  return `${fix.label} (${how})`;
}
