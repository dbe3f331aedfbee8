// CPU time this process used, from /proc/self/stat (Linux; 10 ms resolution): its own
// (utime + stime) and its waited-for children's (cutime + cstime), in milliseconds.
import { readFileSync } from 'node:fs';

export function processCpuMs(): { self: number; children: number } {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return { self: (Number(f[11]) + Number(f[12])) * 10, children: (Number(f[13]) + Number(f[14])) * 10 };
}
