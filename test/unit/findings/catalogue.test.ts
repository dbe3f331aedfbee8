// Every catalogue entry must be renderable: a title, a detail that explains why, and fix
// actions that are well-formed (a URL to open is https, a remote command is a non-empty argv).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allFindingCodes, makeFinding } from '../../../src/core/findings';

test('every finding code renders a title, a detail and well-formed fixes, with or without context', () => {
  const codes = allFindingCodes();
  assert.ok(codes.length >= 55, `expected the full catalogue, got ${codes.length} codes`);
  for (const code of codes) {
    for (const context of [{}, { url: 'https://spark-56d0.tail1234.ts.net/v1', host: 'spark-56d0', user: 'sparkuser', port: 30001 }]) {
      const f = makeFinding(code, context);
      assert.equal(f.code, code);
      assert.match(f.severity, /^(error|warning|info)$/);
      assert.ok(f.title.trim().length > 3, `${code}: title`);
      assert.ok(f.detail.trim().length > 20, `${code}: detail`);
      assert.ok(!/undefined|\[object Object\]/.test(f.title + f.detail), `${code}: leaks "undefined": ${f.title} ${f.detail}`);
      for (const fix of f.fixes) {
        assert.ok(fix.label.length > 0, `${code}: fix label`);
        if (fix.action?.kind === 'openUrl') assert.match(fix.action.url, /^https:\/\//, `${code}: url`);
        if (fix.action?.kind === 'remote') assert.ok(fix.action.argv.length > 0 && fix.action.argv.every((a) => a.length > 0), `${code}: argv`);
      }
    }
  }
});

test('codes are dotted, area first', () => {
  for (const code of allFindingCodes()) assert.match(code, /^[a-z]+(\.[a-zA-Z]+)+$/, code);
});

test('every error finding, in every area, has at least one fix or explains the fix in its detail', () => {
  const without: string[] = [];
  for (const code of allFindingCodes()) {
    const f = makeFinding(code, {});
    if (f.severity !== 'error') continue;
    if (f.fixes.length === 0 && !/\b(run|use|start|open|set|call|enable|install|check|switch|log in|keep|make)\b/i.test(f.detail)) without.push(code);
  }
  assert.deepEqual(without, [], 'errors with no way forward');
});
