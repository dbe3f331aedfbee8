// The authentication sequence, in OpenSSH's order, as an ssh2 `authHandler` function:
//   1. `none` — only for tailnet peers: Tailscale SSH logs you in by tailnet identity;
//   2. ssh-agent (SSH_AUTH_SOCK; on Windows the OpenSSH pipe, then Pageant);
//   3. identity files (encrypted ones ask for the passphrase, optionally remembered);
//   4. keyboard-interactive, else password (asked through the prompter).
// Each step is skipped when the server did not list its method. The names of the steps tried
// end up in the "authentication failed" Finding.
import { existsSync, readFileSync } from 'node:fs';
import type { AnyAuthMethod, AuthenticationType, NextAuthHandler, Prompt } from 'ssh2';
import { agentCandidates, type PathEnv } from './paths';
import type { ResolvedHop } from './sshConfig';
import type { SecretStore, SshPrompter } from './types';

type Ssh2 = typeof import('ssh2');
type ParsedKey = import('ssh2').ParsedKey;

export interface AuthOptions {
  hop: ResolvedHop;
  /** The Spark is a tailnet peer: try Tailscale SSH's `none` first. */
  tailnetPeer: boolean;
  prompter: SshPrompter;
  secrets?: SecretStore;
  /** Keep passphrases/passwords in the SecretStore after they worked (user opted in). */
  rememberSecrets?: boolean;
  pathEnv: PathEnv;
  /** Use this agent instead of discovering one (tests, or a setting). `false` = no agent. */
  agent?: string | false;
  /** How often to ask for a password / passphrase before giving up (OpenSSH: 3). */
  attempts?: number;
  /** Wraps prompts so the caller can pause its handshake timer while the user types. */
  whilePrompting: <T>(p: Promise<T>) => Promise<T>;
  log?: (line: string) => void;
  /** The user cancelled a prompt in the middle of keyboard-interactive: give up the login. */
  onCancel: () => void;
  /** Called with keyboard-interactive texts (Tailscale check mode arrives this way too). */
  onServerText: (text: string) => boolean;
  ssh2: Ssh2;
}

/** The two agent calls we forward, typed loosely (ssh2's overloads do not compose). */
interface LooseAgent {
  getIdentities(cb: (err: Error | undefined, keys?: ParsedKey[]) => void): void;
  sign(...args: unknown[]): void;
}

type Step = { label: string; method: AuthenticationType; run: () => Promise<AnyAuthMethod | undefined> };

export class AuthSequence {
  /** Human-readable steps actually offered to the server, in order. */
  readonly tried: string[] = [];
  /** The methods the server said may continue, from its last failure answer. */
  serverMethods: string[] = [];
  private readonly steps: Step[];
  private pendingSecret?: { key: string; value: string; fromStore: boolean };

  constructor(private readonly o: AuthOptions) {
    this.steps = this.buildSteps();
  }

  /** ssh2 authHandler (function form): called first with null, then after every failure. */
  readonly handler = (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: NextAuthHandler): void => {
    if (methodsLeft) this.serverMethods = [...methodsLeft];
    void this.onFailure().then(() => this.advance(methodsLeft, next));
  };

  /** After a successful login: remember a secret the user typed, if they opted in. */
  async onSuccess(): Promise<void> {
    const p = this.pendingSecret;
    this.pendingSecret = undefined;
    if (p && !p.fromStore && this.o.rememberSecrets && this.o.secrets) await this.o.secrets.store(p.key, p.value);
  }

  private async onFailure(): Promise<void> {
    // A remembered secret that just failed is stale: forget it so the user is asked next time.
    const p = this.pendingSecret;
    this.pendingSecret = undefined;
    if (p?.fromStore && this.o.secrets) await this.o.secrets.delete(p.key);
  }

  private async advance(methodsLeft: AuthenticationType[] | null, next: NextAuthHandler): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.shift()!;
      if (methodsLeft && !methodsLeft.includes(step.method)) continue;
      let method: AnyAuthMethod | undefined;
      try {
        method = await step.run();
      } catch (err) {
        // An unusable step (unreadable key file, agent gone) is skipped like OpenSSH does.
        this.o.log?.(`SSH auth step "${step.label}" skipped: ${(err as Error).message}`);
        method = undefined;
      }
      if (!method) continue;
      this.tried.push(step.label);
      next(method);
      return;
    }
    next(false as unknown as AnyAuthMethod);
  }

  private buildSteps(): Step[] {
    const { hop } = this.o;
    const username = hop.user;
    const steps: Step[] = [];
    if (this.o.tailnetPeer) {
      steps.push({ label: 'none (Tailscale SSH)', method: 'none', run: async () => ({ type: 'none', username }) });
    }
    const agents = this.o.agent === false ? [] : this.o.agent ? [this.o.agent] : agentCandidates(this.o.pathEnv);
    for (const agent of agents) {
      const usable = agent === 'pageant' || agent.startsWith('\\\\.\\pipe\\') || existsSync(agent);
      if (!usable) continue;
      steps.push({
        label: `agent ${agent}`,
        method: 'publickey',
        run: async (): Promise<AnyAuthMethod> => ({
          type: 'agent',
          username,
          agent: hop.identitiesOnly ? this.identitiesOnlyAgent(agent) : agent,
        }),
      });
    }
    for (const file of hop.identityFiles) {
      if (!existsSync(file)) continue;
      steps.push({ label: `publickey ${file}`, method: 'publickey', run: () => this.keyFromFile(file) });
    }
    const attempts = this.o.attempts ?? 3;
    for (let i = 0; i < attempts; i++) {
      steps.push({ label: 'keyboard-interactive', method: 'keyboard-interactive', run: async () => this.keyboardInteractive() });
    }
    for (let i = 0; i < attempts; i++) {
      steps.push({ label: 'password', method: 'password', run: () => this.password() });
    }
    return steps;
  }

  private async keyFromFile(file: string): Promise<AnyAuthMethod | undefined> {
    const data = readFileSync(file);
    const parse = this.o.ssh2.utils.parseKey;
    const plain = parse(data);
    if (!(plain instanceof Error)) return { type: 'publickey', username: this.o.hop.user, key: data };
    if (!/encrypted|passphrase/i.test(plain.message)) return undefined; // not a key we can use
    const secretKey = `ssh.passphrase:${file}`;
    const stored = await this.o.secrets?.get(secretKey);
    // The decrypted key object goes to ssh2 (bcrypt-pbkdf is slow: decrypt once, not twice).
    const decrypt = (pass: string): ParsedKey | undefined => {
      const k = parse(data, pass);
      return k instanceof Error ? undefined : Array.isArray(k) ? (k[0] as ParsedKey) : k;
    };
    if (stored !== undefined) {
      const key = decrypt(stored);
      if (key) return { type: 'publickey', username: this.o.hop.user, key };
      await this.o.secrets?.delete(secretKey);
    }
    for (let i = 0; i < (this.o.attempts ?? 3); i++) {
      const pass = await this.o.whilePrompting(this.o.prompter.askPassphrase(file));
      if (pass === undefined) return undefined;
      const key = decrypt(pass);
      if (key) {
        if (this.o.rememberSecrets && this.o.secrets) await this.o.secrets.store(secretKey, pass);
        return { type: 'publickey', username: this.o.hop.user, key };
      }
    }
    return undefined;
  }

  private keyboardInteractive(): AnyAuthMethod {
    const { hop } = this.o;
    return {
      type: 'keyboard-interactive',
      username: hop.user,
      prompt: (name: string, instructions: string, _lang: string, prompts: Prompt[], finish: (answers: string[]) => void) => {
        const text = [name, instructions, ...prompts.map((p) => p.prompt)].filter(Boolean).join('\n');
        if (text && this.o.onServerText(text)) return; // the caller aborted (check mode / policy)
        void (async () => {
          const answers: string[] = [];
          for (const p of prompts) {
            const answer = await this.secretOrAsk(p.prompt);
            if (answer === undefined) {
              // The user cancelled. Answering with fewer responses than prompts makes sshd drop
              // the connection, and an empty answer costs a failed attempt: end it ourselves.
              this.steps.splice(0);
              this.tried.push('(password prompt cancelled)');
              this.o.onCancel();
              return;
            }
            answers.push(answer);
          }
          finish(answers);
        })();
      },
    };
  }

  private async password(): Promise<AnyAuthMethod | undefined> {
    const pw = await this.secretOrAsk(undefined);
    if (pw === undefined) {
      this.steps.splice(0);
      this.tried.push('(password prompt cancelled)');
      return undefined;
    }
    return { type: 'password', username: this.o.hop.user, password: pw };
  }

  private async secretOrAsk(text: string | undefined): Promise<string | undefined> {
    const { hop } = this.o;
    const key = `ssh.password:${hop.user}@${hop.host}`;
    const stored = this.pendingSecret === undefined ? await this.o.secrets?.get(key) : undefined;
    if (stored !== undefined && !this.usedStoredPassword) {
      this.usedStoredPassword = true;
      this.pendingSecret = { key, value: stored, fromStore: true };
      return stored;
    }
    const typed = await this.o.whilePrompting(
      this.o.prompter.askPassword({ user: hop.user, host: hop.host, forSudo: false, ...(text ? { text } : {}) }),
    );
    if (typed !== undefined) this.pendingSecret = { key, value: typed, fromStore: false };
    return typed;
  }

  private usedStoredPassword = false;

  /** IdentitiesOnly=yes: offer only the agent keys whose public half matches an IdentityFile. */
  private identitiesOnlyAgent(agentPath: string) {
    const wanted = this.o.hop.identityFiles.flatMap((f) => publicBlobOf(f, this.o.ssh2)).map((b) => b.toString('base64'));
    const { BaseAgent, createAgent } = this.o.ssh2;
    const inner = createAgent(agentPath) as unknown as LooseAgent;
    class FilteringAgent extends BaseAgent<ParsedKey> {
      override getIdentities(cb: (err: Error | undefined, keys?: ParsedKey[]) => void): void {
        inner.getIdentities((err, keys) => {
          if (err) return cb(err);
          cb(undefined, (keys ?? []).filter((k) => wanted.includes(k.getPublicSSH().toString('base64'))));
        });
      }
      override sign(...args: unknown[]): void {
        inner.sign(...args);
      }
    }
    return new FilteringAgent();
  }
}

/** Public key blob of an identity file: from `<file>.pub`, else from the unencrypted private key. */
function publicBlobOf(file: string, ssh2: Ssh2): Buffer[] {
  for (const candidate of [`${file}.pub`, file]) {
    try {
      if (!existsSync(candidate)) continue;
      const k = ssh2.utils.parseKey(readFileSync(candidate));
      if (!(k instanceof Error)) return [(Array.isArray(k) ? k[0] : k).getPublicSSH()];
    } catch {
      // unreadable: try the next
    }
  }
  return [];
}
