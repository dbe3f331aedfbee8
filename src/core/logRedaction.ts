// What the log's redaction knows: the pattern rules of redact() plus every secret value this
// session has seen (the stored API key, sudo passwords and key passphrases the user typed, ones
// read back from SecretStorage), so a server's "Invalid API key: <key>" is masked even though
// no pattern could tell the key from other text. Editor-free: src/ui/log.ts only wires it.
import type { Logger } from './util/log';
import { redact } from './redact';
import type { SecretStore, SshPrompter } from './ssh/types';

export class KnownSecrets {
  private readonly values = new Set<string>();

  /** Remembers a secret value (in memory only) so every later line masks it. */
  know(value: string | undefined): void {
    if (value !== undefined && value !== '') this.values.add(value);
  }

  list(): string[] {
    return [...this.values];
  }

  redact(text: string): string {
    return redact(text, this.list());
  }
}

/** A Logger whose every line passes through the known secrets and redact()'s patterns. */
export function redactingLogger(sink: Logger, secrets: KnownSecrets): Logger {
  return {
    trace: (m) => sink.trace(secrets.redact(m)),
    debug: (m) => sink.debug(secrets.redact(m)),
    info: (m) => sink.info(secrets.redact(m)),
    warn: (m) => sink.warn(secrets.redact(m)),
    error: (m) => sink.error(secrets.redact(m)),
  };
}

/** The prompter, telling `secrets` every passphrase and password the user types. */
export function promptsKnown(prompter: SshPrompter, secrets: KnownSecrets): SshPrompter {
  return {
    ...prompter,
    askPassphrase: async (keyPath) => {
      const value = await prompter.askPassphrase(keyPath);
      secrets.know(value);
      return value;
    },
    askPassword: async (p) => {
      const value = await prompter.askPassword(p);
      secrets.know(value);
      return value;
    },
    confirmUnknownHostKey: (info) => prompter.confirmUnknownHostKey(info),
  };
}

/** The secret store, telling `secrets` every value read from or written to it. */
export function storeKnown<S extends SecretStore>(store: S, secrets: KnownSecrets): S {
  return {
    ...store,
    get: async (key: string) => {
      const value = await store.get(key);
      secrets.know(value);
      return value;
    },
    store: (key: string, value: string) => {
      secrets.know(value);
      return store.store(key, value);
    },
  };
}
