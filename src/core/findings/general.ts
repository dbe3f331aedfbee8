// Findings of Tailspark itself: unexpected errors, settings, the Monitor and the doctor
// (src/core/settings, src/core/monitor, src/core/doctor).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

export const generalFindings = {
  'internal.unexpected': {
    severity: 'error',
    title: () => 'Unexpected error',
    detail: (c) => `Tailspark hit an error it does not know yet: ${c.message ?? 'no message'}. The log has the details.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: COMMANDS.showLog } }],
  },
  'settings.invalid': {
    severity: 'warning',
    title: (c) => `Invalid setting ${c.setting ?? ''}`.trim(),
    detail: (c) =>
      `The value of ${c.setting ?? 'a Tailspark setting'} is not valid: ${c.message ?? 'wrong type'}. Tailspark uses the default (${c.fallback ?? 'none'}) until you fix it.`,
    fixes: (c) => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: String(c.setting ?? 'tailspark') } }],
  },
  'doctor.checkTimedOut': {
    severity: 'warning',
    title: (c) => `Check "${c.check ?? '?'}" timed out`,
    detail: (c) =>
      `The check "${c.check ?? '?'}" gave no answer within ${c.seconds ?? '?'} s and was stopped; the other checks ran anyway. A slow tailnet path or a hanging command on the Spark can cause this; run Diagnose again.`,
    fixes: () => [{ label: 'Diagnose Again', action: { kind: 'command', command: COMMANDS.doctor } }],
  },
  'monitor.probeTimeout': {
    severity: 'error',
    title: (c) => `The ${c.probe ?? ''} check did not finish`.replace('  ', ' '),
    detail: (c) =>
      `Tailspark stopped waiting for the ${c.probe ?? ''} check after ${c.timeoutMs ?? '?'} ms, so the status stays responsive. It tries again on the next poll; the log shows which step hung.`,
    fixes: () => [
      { label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } },
      { label: 'Open Log', action: { kind: 'command', command: COMMANDS.showLog } },
    ],
  },
} satisfies Record<string, CatalogueEntry>;
