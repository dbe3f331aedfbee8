// "3 min ago", "2 h ago": times people read at a glance instead of raw ISO timestamps. Used by the
// status renderer and by Finding texts (below the state layer, so both can import it).
import { englishT, type Translate } from './l10n';

export function relativeTime(then: number, now: number, t: Translate): string {
  if (!Number.isFinite(then)) return t('unknown');
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return t('just now');
  const min = Math.round(s / 60);
  if (min < 60) return t('{0} min ago', min);
  const h = Math.round(min / 60);
  if (h < 48) return t('{0} h ago', h);
  return t('{0} days ago', Math.round(h / 24));
}

/** An ISO time as "5 min ago" (now: the clock at the call); the raw text when it does not parse. */
export function agoText(iso: string, now = Date.now(), t: Translate = englishT): string {
  const then = Date.parse(iso);
  return Number.isFinite(then) ? relativeTime(then, now, t) : iso;
}
