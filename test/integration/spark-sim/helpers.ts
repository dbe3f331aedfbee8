// Helpers for the emulated-Spark integration tests: the real OpenSSH client against the
// Spark's real sshd, and HTTPS requests that resolve the MagicDNS name to the instance's
// address (like the product's `resolve` option) and trust the sim's CA.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { generateKey } from '../../harness/sshd';
import { type RunningSpark, type SparkOptions, startSpark } from '../../spark-sim';

export interface SshResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestSpark {
  spark: RunningSpark;
  keyPath: string;
  /**
   * Runs one command over SSH (OpenSSH client, key auth, strict host key checking).
   * logLevel INFO makes the client print the server's pre-auth banner (ERROR hides it).
   */
  ssh(command: string, opts?: { timeoutMs?: number; logLevel?: 'ERROR' | 'INFO' }): Promise<SshResult>;
  /** ssh argv (for spawning a long-running command such as `journalctl -f`). */
  sshArgs(command: string, logLevel?: 'ERROR' | 'INFO'): string[];
  stop(): Promise<void>;
}

export async function startTestSpark(opts: SparkOptions = {}): Promise<TestSpark> {
  const dir = mkdtempSync('/tmp/tailspark-simtest-');
  const key = generateKey(dir, 'id_ed25519');
  const spark = await startSpark({ ...opts, authorizedKeys: [key.publicLine, ...(opts.authorizedKeys ?? [])] });
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
  const sshArgs = (command: string, logLevel: 'ERROR' | 'INFO' = 'ERROR') => [
    '-i',
    key.privatePath,
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'ConnectTimeout=5',
    '-o',
    `LogLevel=${logLevel}`,
    `${spark.user.name}@${spark.address}`,
    command,
  ];
  return {
    spark,
    keyPath: key.privatePath,
    sshArgs,
    ssh: (command, o = {}) => run('ssh', sshArgs(command, o.logLevel), o.timeoutMs ?? 20_000),
    async stop() {
      await spark.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function run(cmd: string, args: string[], timeoutMs = 20_000, env?: NodeJS.ProcessEnv): Promise<SshResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs, env: env ?? process.env }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET/POST through the serve front: https://<magicDnsName><path>, CA trusted, name resolved to the address. */
export function httpsTo(spark: RunningSpark, path: string, init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: spark.magicDnsName,
        port: 443,
        path,
        method: init.method ?? 'GET',
        headers: init.headers,
        ca: readFileSync(spark.caCertPath),
        agent: false,
        lookup: (hostname, opts, cb) => {
          const address = spark.resolve[hostname];
          const done = cb as (e: Error | null, a: string | { address: string; family: number }[], f?: number) => void;
          if (!address) done(Object.assign(new Error(`no resolve entry for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
          else if ((opts as { all?: boolean }).all) done(null, [{ address, family: 4 }]);
          else done(null, address, 4);
        },
        timeout: init.timeoutMs ?? 10_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

/** Plain HTTP straight to the emulated server on ADDRESS:30001 (the Spark's own 127.0.0.1:30001). */
export function httpDirect(spark: RunningSpark, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: spark.address, port: spark.inferencePort, path, method: init.method ?? 'GET', headers: init.headers, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

/** The error code of a failed request (ECONNREFUSED, ECONNRESET, …), or 'ok'. */
export async function connectOutcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
}

/** Spawns a long-running command and collects its stdout as it arrives. */
export function follow(cmd: string, args: string[]): { output(): string; stop(): void; waitFor(re: RegExp, timeoutMs?: number): Promise<void> } {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return {
    output: () => out,
    stop: () => child.kill('SIGTERM'),
    async waitFor(re, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!re.test(out)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
