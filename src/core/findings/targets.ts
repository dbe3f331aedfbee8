// Writing the base URL into editors (src/core/targets).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

export const targetFindings = {
  'target.unverifiedUrl': {
    severity: 'error',
    title: () => 'Base URL not verified',
    detail: (c) =>
      `Tailspark writes a base URL only after a probe has verified it (GET ${c.url ?? '<url>'}/models answered with models). This URL has not been verified, so nothing was written.`,
    fixes: () => [{ label: 'Check Again', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'target.notWritten': {
    severity: 'warning',
    title: (c) => `${c.target ?? 'An editor target'} does not have the Spark's base URL yet`,
    detail: (c) =>
      `${c.target ?? 'The target'} does not hold the verified base URL${c.state ? `: ${c.state}` : ''}. Tailspark writes it automatically only with tailspark.autoConfigure "auto"; otherwise write it once with "Write Base URL into the Editor".`,
    fixes: () => [{ label: 'Write Base URL', action: { kind: 'command', command: COMMANDS.applyBaseUrl } }],
  },
  'target.writerBusy': {
    severity: 'warning',
    title: () => 'Another Tailspark window is writing',
    detail: (c) =>
      `Another Tailspark process (pid ${c.pid ?? '?'}) holds the writer lock ${c.where ?? ''}; only one window writes editor settings at a time. Nothing was written; try again in a moment.`,
    fixes: () => [],
  },
  'target.fileMissing': {
    severity: 'error',
    title: (c) => `${c.target ?? 'Config'} file not found`,
    detail: (c) =>
      `${c.where ?? 'The file'} does not exist (${c.why ?? 'the tool has not created it yet'}). Nothing was written. Start the tool once so it creates the file, then apply again.`,
    fixes: () => [{ label: 'Apply Again', action: { kind: 'command', command: COMMANDS.applyBaseUrl } }],
  },
  'target.fileUnreadable': {
    severity: 'error',
    title: (c) => `${c.target ?? 'Config'} file cannot be parsed`,
    detail: (c) =>
      `${c.where ?? 'The file'} is not valid ${c.format ?? 'text'} (${c.message ?? 'parse error'}). Tailspark does not rewrite a file it cannot parse, so nothing was written. Fix the file, then try again.`,
    fixes: () => [{ label: 'Apply Again', action: { kind: 'command', command: COMMANDS.applyBaseUrl } }],
  },
  'target.fileWriteFailed': {
    severity: 'error',
    title: (c) => `Could not write ${c.target ?? 'the config file'}`,
    detail: (c) => `Writing ${c.where ?? 'the file'} failed: ${c.message ?? 'unknown error'}. Check that the folder exists, is writable by you and the disk is not full, then apply again.`,
    fixes: () => [{ label: 'Apply Again', action: { kind: 'command', command: COMMANDS.applyBaseUrl } }],
  },
  'target.unsupportedVersion': {
    severity: 'info',
    title: () => 'Editor too old for this target',
    detail: (c) =>
      `${c.target ?? 'This target'} needs ${c.needed ?? 'a newer editor'}; this editor is ${c.version ?? 'unknown'}. Nothing was written.`,
    fixes: () => [],
  },
  'target.noBackup': {
    severity: 'warning',
    title: () => 'Nothing to revert',
    detail: (c) =>
      `Tailspark has no saved previous value for ${c.target ?? 'this target'} (${c.where ?? 'backup store'}): it never wrote there, or it already reverted.`,
    fixes: () => [],
  },
  'target.settingsKeyInvalid': {
    severity: 'error',
    title: () => 'Settings key list is invalid',
    detail: (c) => `The settings key entry ${c.key ?? ''} is not usable: ${c.message ?? 'invalid'}.`,
    fixes: () => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.targets.settingsKeys' } }],
  },
  'target.cursorDbMissing': {
    severity: 'error',
    title: () => "Cursor's state database not found",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} does not exist. Cursor creates it on first start; start Cursor once (or pass --cursor-db FILE), then try again. Nothing was written.`,
    fixes: () => [],
  },
  'target.cursorRowMissing': {
    severity: 'error',
    title: () => "Cursor's user settings row not found",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} has no ItemTable row "${c.key ?? 'applicationUser'}". Cursor writes it after it has run once and you opened its settings; open Cursor Settings › Models once, quit Cursor, then try again. Nothing was written.`,
    fixes: () => [],
  },
  'target.cursorDbLocked': {
    severity: 'warning',
    title: () => "Cursor's state database is busy",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} stayed locked for ${c.timeoutMs ?? '?'} ms (${c.message ?? 'SQLITE_BUSY'}). Another program is writing it. Nothing was written; try again.`,
    fixes: () => [],
  },
  'target.cursorDbCorrupt': {
    severity: 'error',
    title: () => "Cursor's state database cannot be read",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} is not a SQLite database Tailspark can use (${c.message ?? 'unknown error'}). Nothing was written. Cursor keeps a copy in state.vscdb.backup next to it.`,
    fixes: () => [],
  },
  'target.cursorDbReadOnly': {
    severity: 'error',
    title: () => "Cursor's state database is read-only",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} is not writable for this user (${c.message ?? 'permission denied'}). The database itself is fine; SQLite needs to write the file and create its journal in the folder next to it. Nothing was written. Make it writable (for example: ${c.command ?? 'chmod u+w'}), then try again.`,
    fixes: (c) => (c.command ? [{ label: 'Copy the chmod command', action: { kind: 'copy', text: String(c.command) } }] : []),
  },
  'target.cursorJsonUnexpected': {
    severity: 'error',
    title: () => "Cursor's user settings have an unexpected shape",
    detail: (c) =>
      `The applicationUser row in ${c.where ?? 'state.vscdb'} is not the JSON object Tailspark expects (${c.message ?? 'unknown'}). A newer Cursor may have changed it; Tailspark does not guess, so nothing was written. Set the base URL by hand in Cursor Settings › Models (Override OpenAI Base URL).`,
    fixes: () => [{ label: "Cursor's Model Settings", action: { kind: 'openUrl', url: 'https://docs.cursor.com/settings/models' } }],
  },
  'target.cursorRunning': {
    severity: 'warning',
    title: () => 'Cursor is running',
    detail: (c) =>
      `Cursor (pid ${c.pids ?? '?'}) has ${c.where ?? 'state.vscdb'} open. Cursor keeps this value in memory and writes it back when it quits, so a change made now would be lost. Quit Cursor and try again, or let Tailspark wait for Cursor to exit (--wait).`,
    fixes: () => [],
  },
  'target.cursorWaitTimeout': {
    severity: 'warning',
    title: () => 'Cursor did not exit',
    detail: (c) =>
      `Tailspark waited ${c.seconds ?? '?'} s for Cursor (pid ${c.pids ?? '?'}) to quit so it could write ${c.where ?? 'state.vscdb'}. Nothing was written.`,
    fixes: () => [],
  },
  'target.cursorVerifyFailed': {
    severity: 'error',
    title: () => 'Cursor did not keep the base URL',
    detail: (c) =>
      `Tailspark wrote ${c.expected ?? 'the base URL'} to ${c.where ?? 'state.vscdb'}, but after the restart Cursor's value is ${c.actual ?? '(none)'}. Cursor overwrote it (it was probably still running).`,
    fixes: () => [{ label: 'Try Again', action: { kind: 'command', command: COMMANDS.applyBaseUrl } }],
  },
  'target.cursorDbInterrupted': {
    severity: 'error',
    title: () => "Cursor's state database has an unfinished write",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'}-journal holds an interrupted write (a "hot" rollback journal): the database file stays half-updated until SQLite rolls the journal back. Tailspark's SQLite engine cannot do that safely, so nothing was read or written. Start Cursor once (its SQLite restores the file from the journal), quit it, then try again.`,
    fixes: () => [],
  },
  'target.cursorHelperFailed': {
    severity: 'error',
    title: () => 'The Cursor settings writer failed',
    detail: (c) => `The background writer for ${c.where ?? 'state.vscdb'} stopped: ${c.message ?? 'unknown error'}.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: COMMANDS.showLog } }],
  },
  'target.cursorCloudUnreachable': {
    severity: 'warning',
    title: () => "Cursor's chat cannot reach a tailnet-only URL",
    detail: (c) =>
      `Cursor's own servers send the chat requests for a custom OpenAI base URL, not your machine. ${c.url ?? 'This URL'} is only reachable inside your tailnet (${c.why ?? 'tailscale serve'}), so Cursor's servers cannot reach it (they also refuse private addresses: "ssrf_blocked"). Cursor's "Verify" button may pass anyway, because it runs on your machine. Options: "Set Up Cursor Chat" (gives the server an API key, then exposes it with Tailscale Funnel), use an in-editor extension such as Continue that calls the server from this machine, or write it anyway.`,
    fixes: () => [
      { label: 'Set Up Cursor Chat', action: { kind: 'command', command: COMMANDS.cursorChatSetup } },
      { label: 'Use Continue', action: { kind: 'openUrl', url: 'https://docs.continue.dev/reference' } },
      { label: 'About Funnel', action: { kind: 'openUrl', url: 'https://tailscale.com/kb/1223/funnel' } },
    ],
  },
} satisfies Record<string, CatalogueEntry>;
