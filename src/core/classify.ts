// Turns the output of a `tailscale …` command (local or on the Spark) or of an SSH login into
// Findings. The Tailscale CLI's exit codes are unreliable ("Serve is not enabled" may exit 0),
// so every rule matches the exact texts from reference/tailscale-cli.md §3, never the code.
// Commands offered as fixes are built from the argv WE ran; text the CLI echoed back (on the
// Spark that is another machine's output) is matched and shown, never offered as a command.
import { type Finding, type FindingCode, type FindingContext, makeFinding } from './findings';
import { quoteArgv } from './util/argv';
import { SUDO_NOT_ALLOWED, SUDO_PASSWORD_REQUIRED, SUDO_WRONG_PASSWORD } from './ssh/sudoTexts';
import { bannerUser } from './ssh/tailscaleBanner';

export interface CliOutput {
  stdout: string;
  stderr: string;
  /** null when killed by a signal, undefined when unknown (e.g. text pasted into `tailspark explain`). */
  exitCode?: number | null;
  /** The argv that ran; shown as "where" and used to tell `serve` from `set` failures. */
  argv?: readonly string[];
}

export interface ClassifyOptions {
  /** Whether the command ran on this machine or on the Spark over SSH (changes the fix). */
  side?: 'local' | 'remote';
  /** The remote login user, for `tailscale set --operator=<user>`. */
  user?: string;
  /** OS of the machine that ran the command when known; otherwise read from the message. */
  platform?: 'linux' | 'windows' | 'macos';
}

interface Rule {
  code: FindingCode;
  /** Returns the context (and proving line) when the rule applies, else undefined. */
  match: (text: string, opts: ClassifyOptions, argv?: readonly string[]) => { context: FindingContext; evidence: string } | undefined;
}

/** The first line of `text` that contains `needle` (what we show as evidence). */
function lineWith(text: string, needle: string | RegExp): string | undefined {
  return text.split(/\r?\n/).find((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l)));
}

/** A rule that fires when a fixed text appears; extra context may be read from the whole output. */
function onText(
  code: FindingCode,
  needle: string | RegExp,
  extra?: (text: string, opts: ClassifyOptions, argv?: readonly string[]) => FindingContext,
): Rule {
  return {
    code,
    match: (text, opts, argv) => {
      const line = lineWith(text, needle);
      if (line === undefined) return undefined;
      return { context: { ...(extra ? extra(text, opts, argv) : {}) }, evidence: line.trim() };
    },
  };
}

const URL_AFTER = (label: RegExp) => (text: string) => label.exec(text)?.[1];

/**
 * Our tailscale command, as root. On a snap host the echo shows `--socket …` because the snap's
 * wrapper (/snap/bin/tailscale) passes the root socket itself: adding it again fails with "flag
 * provided multiple times" (tailscale ≥ 1.84). So the root variant is exactly the argv we ran
 * (with any --socket of ours kept), under sudo — never the echoed text.
 */
function rootVariant(argv: readonly string[] | undefined): string[] | undefined {
  const cmd = argv?.[0] === 'sudo' ? argv.slice(1) : argv;
  if (!cmd?.[0] || !/(^|\/)tailscale$/.test(cmd[0]) || cmd.length < 2) return undefined;
  return ['tailscale', ...cmd.slice(1)];
}

/** The argv as the shell line we show as "where" (quoted like the SSH layer sends it). */
function shownArgv(argv: readonly string[] | undefined): string | undefined {
  if (!argv || argv.length === 0) return undefined;
  try {
    return quoteArgv(argv);
  } catch {
    return JSON.stringify(argv); // a NUL byte: cannot be a shell line, show the array instead
  }
}

// Order matters where texts overlap: the Windows/macOS daemon texts also match the Linux pattern,
// and "operation not permitted" is a last resort after the specific SSH banners.
const rules: Rule[] = [
  onText('tailscale.serveNotEnabled', 'Serve is not enabled on your tailnet.', (t) => ({
    url: URL_AFTER(/To enable, visit:\s*\n\s*(https:\/\/\S+)/)(t),
  })),
  onText('tailscale.httpsCertsDisabled', /HTTPS cert support is not enabled\/configured for your tailnet\.|your Tailscale account does not support getting TLS certs/),
  onText('tailscale.serveConfigDenied', 'Access denied: serve config denied', (t, o, argv) => {
    // ≥ 1.84: "Use 'sudo tailscale serve …'." — < 1.84: "Use 'sudo tailscale <args>' or 'tailscale up --operator=$USER' …".
    const echoed = /Use 'sudo tailscale ([^']*)'/.exec(t)?.[1] ?? '';
    // On snap hosts the echoed args carry the root socket (the wrapper adds it): our command as
    // root is the other way. The echo only tells us it is a snap; the argv is ours.
    const snap = /--socket/.test(echoed);
    return {
      user: o.user,
      snap: snap ? 'yes' : undefined,
      rootArgv: snap ? rootVariant(argv) : undefined,
      release: /to not require root\./.test(t) && /tailscale up --operator=\$USER/.test(t) ? '<1.84' : '>=1.84',
    };
  }),
  // HTTP 412 from tailscaled (etag mismatch): printed by serve/funnel before the raw error.
  onText('tailscale.serveConfigConflict', 'Another client is changing the serve config; please try again.', (_t, o, argv) => {
    const cmd = rootVariant(argv);
    return o.side === 'remote' && cmd ? { retryArgv: cmd, sudo: argv?.[0] === 'sudo' ? 'yes' : undefined } : {};
  }),
  onText('tailscale.certAccessDenied', 'Access denied: cert access denied', (_t, o) => ({ user: o.user })),
  onText('tailscale.checkprefsDenied', 'Access denied: checkprefs access denied', (_t, o, argv) => ({ side: o.side, argv })),
  onText('tailscale.daemonNotRunning', 'failed to connect to local tailscaled process; is the Tailscale service running?', (_t, o) => ({ platform: 'windows', side: o.side })),
  onText('tailscale.daemonNotRunning', 'failed to connect to local Tailscale service; is Tailscale running?', (_t, o) => ({ platform: 'macos', side: o.side })),
  onText('tailscale.daemonNotRunning', /failed to connect to local tailscale/i, (_t, o) => ({ platform: o.platform ?? 'linux', side: o.side })),
  onText('tailscale.stopped', 'Tailscale is stopped.', (_t, o) => ({ side: o.side })),
  onText('tailscale.needsLogin', /^\s*Logged out\.\s*$/, (t, o) => ({ authUrl: URL_AFTER(/Log in at:\s*(\S+)/)(t), side: o.side })),
  onText('tailscale.needsMachineAuth', 'Machine is not yet approved by tailnet admin.'),
  onText('tailscale.socketFlagTwice', /for flag -socket: flag provided multiple times/, (t) => ({
    value: /invalid value "([^"]*)" for flag -socket/.exec(t)?.[1],
  })),
  onText('tailscale.loseSshWarning', /this action will reroute SSH traffic to Tailscale SSH|--accept-risk=lose-ssh/),
  onText('tailscale.sshNotEnabledOnTailnet', 'Unable to enable local Tailscale SSH server; not enabled on Tailnet.'),
  onText('tailscale.serveCliChanged', 'the CLI for serve and funnel has changed', (t) => {
    // The suggested command is the first non-empty line after the message.
    const after = t.split(/the CLI for serve and funnel has changed[^\n]*\n/)[1] ?? '';
    const suggested = after.split(/\r?\n/).find((l) => l.trim() !== '');
    // Printed as "\t- <command>" (serve_v2.go): the bullet is not part of the command.
    return { suggested: suggested?.trim().replace(/^-\s+/, '') || undefined };
  }),
  // Tailscale SSH auth banners (ssh/tailssh errBanner: "tailscale: " + message).
  onText('tailscale.sshUnknownUser', /tailscale: failed to look up local user "/, (t) => ({ user: bannerUser(t) })),
  onText('tailscale.sshCheckTimedOut', 'tailscale: failed to fetch next SSH action'),
  onText('tailscale.sshCheckMode', '# Tailscale SSH requires an additional check.', (t) => ({
    url: URL_AFTER(/# To authenticate, visit:\s*(\S+)/)(t),
  })),
  onText(
    'tailscale.sshPolicyDenied',
    /tailscale: tailnet policy does not permit you to SSH|tailscale: failed to evaluate tailnet policy|tailscale: access denied|Permission denied \(tailscale\)\./,
    (t) => ({
      reason: lineWith(t, /tailscale: |Permission denied \(tailscale\)/)
        ?.trim()
        .replace(/^tailscale: /, ''),
    }),
  ),
  onText('tailscale.sshOperationNotPermitted', /operation not permitted/i),
  // sudo's own refusals (English or German, src/core/ssh/sudoTexts.ts), e.g. a captured `sudo tailscale …`.
  onText('ssh.sudoNotAllowed', SUDO_NOT_ALLOWED, (t, o) => ({ user: o.user, sudoText: SUDO_NOT_ALLOWED.exec(t)?.[0].trim() })),
  onText('ssh.sudoWrongPassword', SUDO_WRONG_PASSWORD, (t, o) => ({ user: o.user, sudoText: SUDO_WRONG_PASSWORD.exec(t)?.[0].trim() })),
  onText('ssh.sudoPasswordNeeded', SUDO_PASSWORD_REQUIRED, (_t, o) => ({ user: o.user })),
];

/** Every finding the output proves, in catalogue order of the rules; never throws. */
export function classifyCliOutput(output: CliOutput, options: ClassifyOptions = {}): Finding[] {
  const text = `${output.stdout ?? ''}\n${output.stderr ?? ''}`;
  const where = shownArgv(output.argv);
  const found: Finding[] = [];
  const seen = new Set<FindingCode>();
  for (const rule of rules) {
    if (seen.has(rule.code)) continue;
    const hit = rule.match(text, options, output.argv);
    if (!hit) continue;
    // "operation not permitted" alone is vague; once a precise SSH rule fired it adds nothing.
    if (rule.code === 'tailscale.sshOperationNotPermitted' && seen.has('tailscale.sshPolicyDenied')) continue;
    seen.add(rule.code);
    found.push(makeFinding(rule.code, { ...hit.context, where, command: where }, hit.evidence));
  }
  if (found.length === 0 && typeof output.exitCode === 'number' && output.exitCode !== 0) {
    const firstLine = (output.stderr.trim() || output.stdout.trim()).split(/\r?\n/)[0] ?? '';
    found.push(
      makeFinding(
        'tailscale.cliFailed',
        { where, command: where ?? 'tailscale', exitCode: output.exitCode, message: firstLine || '(no output)' },
        `${output.stderr}${output.stdout}`.trim().slice(0, 2000),
      ),
    );
  }
  return found;
}
