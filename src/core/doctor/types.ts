// The doctor's vocabulary: one CheckResult per line of the report (✓/✗/⚠/–), grouped by where
// the check runs, and the narrow dependencies it needs from the outside (injected, so the
// checklist runs the same in VS Code, in the CLI and in tests).
import type { Finding } from '../findings';
import type { ProbeResult } from '../inference';
import type { RemoteShell } from '../ssh/types';
import type { CliRun } from '../tailnet/cliRunner';
import type { PeerInfo } from '../tailnet/peers';
import type { OpContext, OpLogger } from '../remote/types';
import type { UnitChoice } from '../remote/unitDetect';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export type CheckGroup = 'client' | 'ssh' | 'server' | 'http' | 'editor';

export interface CheckResult {
  id: string;
  group: CheckGroup;
  title: string;
  status: CheckStatus;
  /** One line: what was found ("Running; spark-56d0 online, direct"). */
  summary: string;
  /** Extra lines shown under the check (evidence, log lines). Redacted before rendering. */
  details?: string[];
  /** Why it is ✗/⚠ and how to fix it; empty for ✓. */
  findings: Finding[];
  durationMs: number;
}

export interface TargetStatus {
  name: string;
  ok: boolean;
  summary: string;
  findings: Finding[];
}

export interface DoctorDeps {
  /** tailspark.spark.host; empty lets discovery pick the Spark. */
  hostSelector: string;
  /** tailspark.service.unit ('' = detect with resolveUnit). */
  serviceUnit: string;
  /** The unit to check when serviceUnit is empty: detected on the Spark (src/core/remote/unitDetect). */
  resolveUnit?(ctx: OpContext): Promise<UnitChoice>;
  /** tailspark.spark.inferencePort */
  inferencePort: number;
  /** tailspark.baseUrl (manual override), '' when unset. */
  baseUrlOverride?: string;
  /** Runs the LOCAL Tailscale CLI (src/core/tailnet runTailscaleCli). */
  runLocal(args: string[], signal: AbortSignal): Promise<CliRun>;
  /** Opens (or reuses) the SSH shell to the Spark; throws SshError with a Finding. */
  openShell(spark: PeerInfo | undefined, signal: AbortSignal): Promise<RemoteShell>;
  /** HTTPS probe of the base URL (src/core/inference probeInference). */
  probe?(baseUrl: string, signal: AbortSignal): Promise<ProbeResult>;
  /** The editor targets and whether they hold the URL (src/core/targets), when available. */
  targets?(baseUrl: string | null, signal: AbortSignal): Promise<TargetStatus[]>;
  log: OpLogger;
  /** Values that must never appear in the report (API key, …). */
  secrets?: () => string[];
}

export interface DoctorOptions {
  signal?: AbortSignal;
  /** Called as each check finishes (progress notification). */
  onCheck?: (r: CheckResult, done: number, total: number) => void;
  /** Per-check time limits; defaults in run.ts. */
  timeoutsMs?: Partial<Record<string, number>>;
  now?: () => Date;
}

export interface DoctorReport {
  startedAt: string;
  durationMs: number;
  /** What the checks were about, for the report header. */
  spark?: string;
  sshTarget?: string;
  baseUrl?: string | null;
  checks: CheckResult[];
}
