// One journal entry as journalctl (short / short-iso) or `snap logs` prints it.
'use strict';
const { shortTime, isoTime, snapTime } = require('./timefmt.cjs');

function renderEntry(entry, host, mode) {
  if (mode === 'short-iso') return `${isoTime(entry.t)} ${host} ${entry.ident}[${entry.pid}]: ${entry.msg}`;
  if (mode === 'cat') return entry.msg;
  if (mode === 'snap') return `${snapTime(entry.t)} ${entry.ident}[${entry.pid}]: ${entry.msg}`;
  return `${shortTime(entry.t)} ${host} ${entry.ident}[${entry.pid}]: ${entry.msg}`;
}
module.exports = { renderEntry };
