// Proves that remote commands ran side by side by counting, not by timing: each command marks
// itself running in a folder on the Spark, counts the marks, sleeps, and unmarks. The largest
// count is how many ran at once — independent of how loaded the machine is.

/**
 * argv for command `name`: prints "<name> <how many were running when it started>" on stdout
 * (and "err-<name>" on stderr with `stderr: true`, to check the two streams stay apart).
 */
export function overlapArgv(dir: string, name: string, options: { sleepS?: number; stderr?: boolean } = {}): string[] {
  const sleepS = options.sleepS ?? 1;
  const script = `mkdir -p "$1" && : > "$1/$2" && n=$(ls "$1" | wc -l) && sleep "$3"; rm -f "$1/$2"; echo "$2 $n"${options.stderr ? '; echo "err-$2" >&2' : ''}`;
  return ['sh', '-c', script, 'overlap', dir, name, String(sleepS)];
}

/** The largest "running at once" count from the outputs of overlapArgv commands. */
export function maxOverlap(stdouts: string[]): number {
  return Math.max(...stdouts.map((s) => Number(s.trim().split(' ')[1])));
}
