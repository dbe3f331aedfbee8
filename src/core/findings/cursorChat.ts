// Set Up Cursor Chat (src/core/cursorChat): key on the server, verify, Funnel, Cursor.
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

export const cursorChatFindings = {
  'cursorchat.noUnit': {
    severity: 'error',
    title: () => 'No inference service to give the API key to',
    detail: () =>
      'Set Up Cursor Chat gives the API key to the systemd unit that runs the inference server, but no unit is known. Set tailspark.service.unit (e.g. vllm or sglang), then run it again.',
    fixes: () => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.service.unit' } }],
  },
  'cursorchat.unitUnsafe': {
    severity: 'error',
    title: (c) => `Cannot add the API key to ${c.unit ?? 'the unit'} safely`,
    detail: (c) =>
      `Tailspark read the unit with "systemctl cat ${c.unit ?? 'UNIT'}" and refused to change it: ${c.reason ?? 'its command line is not one Tailspark understands'}. Nothing was changed on the Spark. Add the key by hand (vLLM: Environment=VLLM_API_KEY=… in a drop-in; SGLang: --api-key), then store it with Set API Key.`,
    fixes: () => [{ label: 'Set API Key', action: { kind: 'command', command: COMMANDS.setApiKey } }],
  },
  'cursorchat.keyOnCommandLine': {
    severity: 'error',
    title: () => 'SGLang can only take the API key on its command line',
    detail: (c) =>
      `SGLang reads its key only from --api-key (no environment variable), so every user on the Spark could read it in "ps" and SGLang writes it into its own startup log. Tailspark did not change ${c.unit ?? 'the unit'}. Run it again and accept this explicitly, or serve the model with vLLM (VLLM_API_KEY stays out of ps and logs).`,
    fixes: () => [{ label: 'Set Up Cursor Chat', action: { kind: 'command', command: COMMANDS.cursorChatSetup } }],
  },
  'cursorchat.keyNotEnforced': {
    severity: 'error',
    title: () => 'The server does not enforce the API key',
    detail: (c) =>
      `After the restart, ${c.url ?? 'the model list'} answered ${c.without ?? '?'} without the key and ${c.with ?? '?'} with it (expected 401 or 403, then 200). Funnel stays off. Check the unit's drop-ins with "systemctl cat ${c.unit ?? 'UNIT'}" and the server's log.`,
    fixes: () => [{ label: 'Show Logs', action: { kind: 'command', command: COMMANDS.logsFollow } }],
  },
  'cursorchat.notReady': {
    severity: 'error',
    title: (c) => `${c.unit ?? 'The server'} did not become ready after the restart`,
    detail: (c) =>
      `Tailspark restarted ${c.unit ?? 'the unit'} with the API key and waited ${c.waited ?? 'a while'} for ${c.url ?? 'its model list'} to answer 200 with the key. It did not. Look at the server's log; Undo Cursor Chat Setup removes the drop-in again.`,
    fixes: () => [
      { label: 'Show Logs', action: { kind: 'command', command: COMMANDS.logsFollow } },
      { label: 'Undo Cursor Chat Setup', action: { kind: 'command', command: COMMANDS.cursorChatUndo } },
    ],
  },
  'cursorchat.publicUnverified': {
    severity: 'error',
    title: () => 'The public URL does not answer with the key',
    detail: (c) =>
      `Funnel is on, but ${c.url ?? 'the public URL'} answered ${c.status ?? 'nothing'} to a request with the API key (expected 200). Cursor's servers would fail the same way. Funnel can take a minute to reach the internet; run Set Up Cursor Chat again to continue from here.`,
    fixes: () => [{ label: 'Set Up Cursor Chat', action: { kind: 'command', command: COMMANDS.cursorChatSetup } }],
  },
} satisfies Record<string, CatalogueEntry>;
