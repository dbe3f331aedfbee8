// The CLI speaks German when the POSIX locale says so (LC_ALL > LC_MESSAGES > LANG), as a real
// process: `LANG=de_DE.UTF-8 tailspark explain` prints German findings and fixes, with commands,
// URLs and the tool's quoted text unchanged, and recognises the same (English) tool output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localeFromEnv } from '../../../src/core/l10n';
import { runCliProcess } from './cliHarness';

const DENIED = "sending serve config: Access denied: serve config denied\n\nUse 'sudo tailscale serve --bg --yes 30001'.\nTo not require root, use 'sudo tailscale set --operator=$USER' once.\n";

test('LANG=de_DE.UTF-8 tailspark explain prints German, commands unchanged', async () => {
  const r = await runCliProcess(['explain', '--exit-code', '1', '--user', 'sparkuser'], { stdin: DENIED, env: { LANG: 'de_DE.UTF-8' } });
  // An error finding makes explain fail (exit 1); its one-line reason on stderr is German too.
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^tailspark explain: Keine Berechtigung, die Serve-Konfiguration zu ändern/);
  assert.match(r.stdout, /Keine Berechtigung, die Serve-Konfiguration zu ändern {2}\[tailscale\.serveConfigDenied\]/);
  assert.match(r.stdout, /\("Access denied: serve config denied"\)/);
  assert.match(r.stdout, /Lösung: sparkuser zum Operator machen \(auf dem Spark: sudo tailscale set '--operator=sparkuser'\)/);
});

test('LC_ALL overrides LANG; English without a German locale', async () => {
  const english = await runCliProcess(['explain', '--exit-code', '1', '--user', 'sparkuser'], { stdin: DENIED, env: { LANG: 'de_DE.UTF-8', LC_ALL: 'C' } });
  assert.match(english.stdout, /Not allowed to change the Serve config/);
  assert.match(english.stdout, /fix: Make sparkuser Operator/);
  const none = await runCliProcess(['explain'], { stdin: 'all good\n', env: { LC_ALL: 'de_AT.UTF-8' } });
  assert.equal(none.code, 1);
  assert.equal(none.stderr, 'tailspark explain: kein bekannter Tailscale- oder sudo-Fehler in der Eingabe\n');
});

test('localeFromEnv: the POSIX order, empty values count as unset', () => {
  assert.equal(localeFromEnv({ LANG: 'de_DE.UTF-8' }), 'de');
  assert.equal(localeFromEnv({ LC_MESSAGES: 'de_CH.UTF-8', LANG: 'en_US.UTF-8' }), 'de');
  assert.equal(localeFromEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'de_DE.UTF-8' }), 'en');
  assert.equal(localeFromEnv({ LC_ALL: '', LANG: 'de_DE@euro' }), 'de');
  assert.equal(localeFromEnv({ LANG: 'desktop' }), 'en');
  assert.equal(localeFromEnv({}), 'en');
});
