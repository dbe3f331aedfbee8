// The chat provider's API key holder: read ahead of the first request, kept between requests,
// read again after it changed; a failed read is never kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiKeyHolder } from '../../../src/core/chat/keyHolder';

/** A secret store stand-in that counts reads and answers with whatever `value` is now. */
function store(initial: string | undefined) {
  const s = {
    value: initial as string | undefined,
    fail: false,
    reads: 0,
    read: async () => {
      s.reads++;
      if (s.fail) throw new Error('secret storage unavailable');
      return s.value;
    },
  };
  return s;
}

test('prefetch() reads the key at once; the first request then takes it without another read', async () => {
  const s = store('sk-1');
  const holder = new ApiKeyHolder(s.read);
  holder.prefetch();
  assert.equal(s.reads, 1, 'read before any request asked');
  assert.equal(await holder.get(), 'sk-1');
  assert.equal(await holder.get(), 'sk-1');
  assert.equal(s.reads, 1, 'kept between requests');
});

test('without prefetch() the first get() reads, later ones reuse the key', async () => {
  const s = store(undefined);
  const holder = new ApiKeyHolder(s.read);
  assert.equal(s.reads, 0, 'nothing read until asked');
  assert.equal(await holder.get(), undefined);
  assert.equal(await holder.get(), undefined);
  assert.equal(s.reads, 1, '"no key" is kept as well');
});

test('prefetch() keeps a key already in hand (no second read)', async () => {
  const s = store('sk-1');
  const holder = new ApiKeyHolder(s.read);
  await holder.get();
  holder.prefetch();
  assert.equal(s.reads, 1);
});

test('forget() then prefetch(): the changed key is read at once and the next request sends it', async () => {
  const s = store(undefined);
  const holder = new ApiKeyHolder(s.read);
  assert.equal(await holder.get(), undefined);
  s.value = 'sk-new';
  holder.forget();
  holder.prefetch();
  assert.equal(s.reads, 2);
  assert.equal(await holder.get(), 'sk-new');
  assert.equal(s.reads, 2);
});

test('a failed read is not kept: the request sees the failure, the next get() reads again', async () => {
  const s = store('sk-1');
  s.fail = true;
  const holder = new ApiKeyHolder(s.read);
  holder.prefetch(); // must not become an unhandled rejection
  await assert.rejects(holder.get(), /secret storage unavailable/);
  s.fail = false;
  assert.equal(await holder.get(), 'sk-1');
  assert.equal(s.reads, 2);
});
