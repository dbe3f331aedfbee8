// The dashboard (src/core/dashboard).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

export const dashboardFindings = {
  'dashboard.serverNotReady': {
    severity: 'warning',
    title: () => 'No ready server to measure',
    detail: (c) =>
      `The throughput measurement needs a ready inference server with a model${c.where ? ` (${c.where})` : ''}. Tailspark has not seen one yet: wait until the status bar shows the model, then measure again.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'dashboard.measureFailed': {
    severity: 'error',
    title: () => 'Throughput measurement failed',
    detail: (c) =>
      `No request of the measurement against ${c.url ?? c.where ?? 'the server'} completed: ${c.message ?? 'no answer'}. The server may be loading, overloaded, or refuse streamed chat requests.`,
    fixes: () => [
      { label: 'Show Server Log', action: { kind: 'command', command: COMMANDS.logsFollow } },
      { label: 'Open Log', action: { kind: 'command', command: COMMANDS.showLog } },
    ],
  },
} satisfies Record<string, CatalogueEntry>;
