// Timestamps the way systemd/journald/snapd print them (always UTC on the sim).
'use strict';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const p2 = (n) => String(n).padStart(2, '0');

/** journalctl -o short: "Nov 29 10:00:01" */
function shortTime(ms) {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
/** journalctl -o short-iso: "2026-11-29T10:00:01+00:00" */
function isoTime(ms) {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}
/** snap logs: "2026-11-29T10:00:01Z" */
function snapTime(ms) {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
/** systemctl status: "Sun 2026-11-29 10:00:01 UTC" */
function systemdTime(ms) {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}
/** systemd's relative span: "4s", "1min 3s", "2h 5min", "3 days 2h". */
function span(ms) {
  let s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  s %= 60;
  if (m < 60) return s ? `${m}min ${s}s` : `${m}min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}min`;
  return `${Math.floor(h / 24)} days ${h % 24}h`;
}
module.exports = { shortTime, isoTime, snapTime, systemdTime, span };
