// Turns on the Tailscale SSH server on the Spark (`sudo tailscale set --ssh`). Not offered on snap
// installs (it breaks SSH over the tailnet there). When this very session runs over Tailscale,
// tailscale refuses with the lose-ssh warning; we pass --accept-risk=lose-ssh only after the
// user explicitly agreed to lose the session.
import { type Finding, makeFinding } from '../findings';
import { detectTailscaleInstall, type TailscaleInstall } from './install';
import { readPrefs } from './prefs';
import { guarded } from './run';
import { tailscaleWrite } from './tailscaleWrite';
import { failed, type OpContext, type OpResult, succeeded } from './types';

export interface TailscaleSshOptions {
  install?: TailscaleInstall;
  /** Shown with the lose-ssh finding; true = repeat with --accept-risk=lose-ssh. */
  consentLoseSsh: (finding: Finding) => Promise<boolean>;
}

export function enableTailscaleSsh(ctx: OpContext, options: TailscaleSshOptions): Promise<OpResult<{ runSsh: boolean }>> {
  return guarded(ctx, 'Enabling Tailscale SSH', async () => {
    const install = options.install ?? (await detectTailscaleInstall(ctx));
    if (install.snap) {
      return failed('Tailscale SSH is not turned on for snap installs.', [makeFinding('remote.tailscaleSshOnSnap', { where: ctx.shell.target }, install.evidence)]);
    }
    const before = await readPrefs(ctx);
    if (before.prefs?.runSsh) return succeeded('Tailscale SSH is already on.', { runSsh: true });

    ctx.onProgress?.('Enabling Tailscale SSH (sudo tailscale set --ssh)…');
    let write = await tailscaleWrite(ctx, ['set', '--ssh'], { install, sudoFirst: true });
    const warning = write.ok ? undefined : write.findings.find((f) => f.code === 'tailscale.loseSshWarning');
    if (warning) {
      if (!(await options.consentLoseSsh(warning))) return failed('Tailscale SSH left off: the session would be dropped.', [warning], true);
      ctx.onProgress?.('Enabling Tailscale SSH (accepting the session loss)…');
      write = await tailscaleWrite(ctx, ['set', '--ssh', '--accept-risk=lose-ssh'], { install, sudoFirst: true });
    }
    if (!write.ok) return failed(`Tailscale SSH was not enabled: ${write.message}`, write.findings, write.cancelled);
    const after = await readPrefs(ctx).catch(() => ({ prefs: undefined }));
    if (after.prefs && !after.prefs.runSsh) {
      return failed('tailscale reported success, but RunSSH is still false.', [
        makeFinding('remote.commandFailed', { command: 'sudo tailscale set --ssh', exitCode: 0, message: 'tailscale debug prefs still shows "RunSSH": false', where: ctx.shell.target }),
      ]);
    }
    return succeeded('Tailscale SSH is on. SSH logins over the tailnet now follow the tailnet\'s "ssh" policy.', { runSsh: true });
  });
}
