// Spark operations: commands over SSH and the systemd service (src/core/remote).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

/**
 * Which setting a value validated by the remote operations comes from (remote.invalidValue):
 * they validate unit names and ports; SSH targets have their own finding (ssh.targetInvalid).
 */
function settingFor(what: string): string {
  return /unit/i.test(what) ? 'tailspark.service.unit' : 'tailspark.spark.inferencePort';
}

export const remoteFindings = {
  'remote.invalidValue': {
    severity: 'error',
    title: (c) => `Refused to run: invalid ${c.what ?? 'value'}`,
    detail: (c) =>
      `The ${c.what ?? 'value'} ${c.value ?? ''} is not valid (${c.message ?? 'wrong format'}), so nothing was sent to the Spark: every value is checked before it reaches a remote command. Correct it in the settings.`,
    fixes: (c) => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: settingFor(String(c.what ?? '')) } }],
  },
  'remote.commandFailed': {
    severity: 'error',
    title: (c) => `Command on the Spark failed (exit ${c.exitCode ?? '?'})`,
    detail: (c) =>
      `"${c.command ?? 'The command'}" ended with exit code ${c.exitCode ?? '?'}: ${c.message ?? '(no output)'}. The evidence shows its full output; the Tailspark log shows every command that ran.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: COMMANDS.showLog } }],
  },
  'remote.tailscaleSshOnSnap': {
    severity: 'warning',
    title: () => 'Tailscale SSH is not offered on a snap install',
    detail: () =>
      'Tailscale on the Spark is installed as a snap. The snap cannot run the Tailscale SSH server properly ("tailscale set --ssh" breaks SSH over the tailnet there), so Tailspark does not turn it on. Keep using OpenSSH (sshd) on the Spark, or install Tailscale from its Debian/Ubuntu package.',
    fixes: () => [{ label: 'Install Tailscale (Linux)', action: { kind: 'openUrl', url: 'https://tailscale.com/download/linux' } }],
  },
  'service.unitNotFound': {
    severity: 'error',
    title: (c) => `No systemd unit ${c.unit ?? ''} on the Spark`.replace('  ', ' '),
    detail: (c) =>
      `systemd on the Spark does not know ${c.unit ?? 'the configured unit'} (LoadState not-found). ${c.found ? `Inference units found there: ${c.found}.` : 'No vllm or sglang unit was found there.'} Set tailspark.service.unit to the unit that runs your server.`,
    fixes: () => [{ label: 'Set Unit', action: { kind: 'openSettings', setting: 'tailspark.service.unit' } }],
  },
  'service.actionFailed': {
    severity: 'error',
    title: (c) => `Could not ${c.action ?? 'control'} ${c.unit ?? 'the service'}`,
    detail: (c) =>
      `"systemctl ${c.action ?? '?'} ${c.unit ?? ''}" failed on the Spark: ${c.message ?? '(no output)'}. The last journal lines are in the evidence; the full log shows why the unit did not ${c.action ?? 'change state'}.`,
    fixes: () => [
      { label: 'Follow Logs', action: { kind: 'command', command: COMMANDS.logsFollow } },
      { label: 'Show Status', action: { kind: 'command', command: COMMANDS.serviceStatus } },
    ],
  },
  'service.crashed': {
    severity: 'error',
    title: (c) => `${c.unit ?? 'The service'} stopped while starting`,
    detail: (c) =>
      `systemd reports ${c.unit ?? 'the service'} as ${c.state ?? 'failed'}${c.result ? ` (result: ${c.result})` : ''} before its port answered: the server exited. Common reasons are a wrong model path, too little GPU memory or a port already in use; the server's last log lines say which.`,
    fixes: () => [
      { label: 'Follow Logs', action: { kind: 'command', command: COMMANDS.logsFollow } },
      { label: 'Restart Service', action: { kind: 'command', command: COMMANDS.serviceRestart } },
    ],
  },
  'service.notRunning': {
    severity: 'error',
    title: (c) => `${c.unit ?? 'The inference service'} is not running`,
    detail: (c) =>
      `systemd on the Spark reports ${c.unit ?? 'the service'} as ${c.state ?? 'inactive'}${c.result && c.result !== 'success' ? ` (last result: ${c.result})` : ''}, so nothing answers on the inference port. Start it; if it stops again, the log shows why.`,
    fixes: () => [
      { label: 'Start Service', action: { kind: 'command', command: COMMANDS.serviceStart } },
      { label: 'Follow Logs', action: { kind: 'command', command: COMMANDS.logsFollow } },
    ],
  },
  'service.unitNotDetected': {
    severity: 'error',
    title: () => 'Which service runs the inference server?',
    detail: (c) =>
      c.candidates
        ? `tailspark.service.unit is empty, so Tailspark looked on the Spark for the systemd service that serves port ${c.port ?? 30001}, and more than one fits: ${c.candidates}. Choose yours in the setting.`
        : `tailspark.service.unit is empty, so Tailspark looked on the Spark for the systemd service that serves port ${c.port ?? 30001} (SGLang or vLLM), and found none. Enter your unit's name (e.g. sglang.service) in the setting.`,
    fixes: () => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.service.unit' } }],
  },
  'service.notReadyInTime': {
    severity: 'error',
    title: (c) => `${c.unit ?? 'The service'} did not become ready in ${c.seconds ?? '?'} s`,
    detail: (c) =>
      `systemd reports ${c.unit ?? 'the service'} as running, but its port has not answered for ${c.seconds ?? '?'} seconds. Loading can take long for big models; if the log shows no progress, the server is stuck (out of GPU memory, wrong model path). Raise tailspark.service.readyTimeoutSeconds if loading is just slow.`,
    fixes: () => [
      { label: 'Follow Logs', action: { kind: 'command', command: COMMANDS.logsFollow } },
      { label: 'Restart Service', action: { kind: 'command', command: COMMANDS.serviceRestart } },
      { label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.service.readyTimeoutSeconds' } },
    ],
  },
} satisfies Record<string, CatalogueEntry>;
