import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing the SSH layer does not load ssh2; the first connection does', async () => {
  const isLoaded = () => Object.keys(require.cache).some((p) => /node_modules[\\/]ssh2[\\/]/.test(p));
  assert.ok(!isLoaded(), 'precondition: nothing loaded ssh2 yet');
  const layer = require('../../../src/core/ssh') as typeof import('../../../src/core/ssh');
  const connect = require('../../../src/core/ssh/connect') as typeof import('../../../src/core/ssh/connect');
  assert.ok(typeof layer.SshPool === 'function');
  assert.ok(!isLoaded(), 'ssh2 must not load at import');
  assert.ok(!connect.isSsh2Loaded());
  await connect.loadSsh2();
  assert.ok(isLoaded());
  assert.ok(connect.isSsh2Loaded());
});
