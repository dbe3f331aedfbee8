// GPU readings from one long-running `nvidia-smi --query-gpu=… --format=csv,noheader,nounits -l N`
// on the Spark: one SSH channel for the whole time the dashboard is open, one CSV line per GPU
// per interval. DGX Spark (GB10) has unified memory: memory.used/memory.total print "[N/A]"
// there, and some drivers print "[Not Supported]" for other fields. Those become "absent"
// (undefined), never 0 or NaN, and the memory fields mark the reading as unified memory.

/** The fields we ask for, in this order (the CSV has no header with `noheader`). */
export const GPU_FIELDS = ['index', 'name', 'utilization.gpu', 'memory.used', 'memory.total', 'temperature.gpu', 'power.draw'] as const;

export interface GpuReading {
  t: number;
  index: number;
  name: string;
  /** Percent 0..100. */
  utilization?: number;
  memoryUsedMiB?: number;
  memoryTotalMiB?: number;
  /** The driver reports no own GPU memory (GB10's unified memory): show "unified memory". */
  unifiedMemory: boolean;
  temperatureC?: number;
  powerW?: number;
}

/** argv for the stream; `intervalS` is nvidia-smi's `-l` (whole seconds, at least 1). */
export function nvidiaSmiArgv(intervalS: number): string[] {
  const seconds = Math.max(1, Math.round(intervalS));
  return ['nvidia-smi', `--query-gpu=${GPU_FIELDS.join(',')}`, '--format=csv,noheader,nounits', '-l', String(seconds)];
}

/** "[N/A]", "N/A", "[Not Supported]", "Not Supported", "[Unknown Error]", "" → undefined. */
function numberField(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (s === '' || /^\[?(N\/A|Not Supported|Unknown Error|Insufficient Permissions|GPU requires reset)\]?$/i.test(s)) return undefined;
  // With `nounits` values are bare numbers; tolerate a unit in case a driver keeps one.
  const m = /^(-?\d+(?:\.\d+)?)(?:\s*(?:%|MiB|W|C))?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : undefined;
}

/** One CSV line of the query above; undefined when the line is not one (an error text, a blank line). */
export function parseGpuLine(line: string, t: number): GpuReading | undefined {
  const cols = line.split(',').map((c) => c.trim());
  if (cols.length !== GPU_FIELDS.length) return undefined;
  const index = Number(cols[0]);
  if (!Number.isInteger(index) || index < 0) return undefined;
  const used = numberField(cols[3]);
  const total = numberField(cols[4]);
  const r: GpuReading = { t, index, name: cols[1]!.slice(0, 64), unifiedMemory: used === undefined && total === undefined };
  const util = numberField(cols[2]);
  const temp = numberField(cols[5]);
  const power = numberField(cols[6]);
  if (util !== undefined) r.utilization = Math.min(100, Math.max(0, util));
  if (used !== undefined) r.memoryUsedMiB = used;
  if (total !== undefined) r.memoryTotalMiB = total;
  if (temp !== undefined) r.temperatureC = temp;
  if (power !== undefined) r.powerW = power;
  return r;
}

/** Texts nvidia-smi prints instead of readings (stdout or stderr) that mean "no GPU data here". */
export function gpuFailureText(line: string): string | undefined {
  const s = line.trim();
  if (/NVIDIA-SMI has failed|couldn't communicate with the NVIDIA driver|No devices were found|command not found|not found|Driver\/library version mismatch/i.test(s)) {
    return s.slice(0, 300);
  }
  return undefined;
}
