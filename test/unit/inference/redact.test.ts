import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redactSecrets } from '../../../src/core/inference/redact';

test('api_key and admin_api_key are redacted at any depth; token counts stay', () => {
  const info = {
    model_path: 'Qwen/Qwen2.5-7B-Instruct',
    api_key: 'sk-very-secret',
    admin_api_key: 'admin-secret',
    max_total_num_tokens: 500000,
    nested: [{ api_key: 'x' }],
    empty_key: null,
    api_key_null: null,
  };
  const out = redactSecrets(info);
  assert.equal(out.api_key, REDACTED);
  assert.equal(out.admin_api_key, REDACTED);
  assert.equal(out.nested[0]?.api_key, REDACTED);
  assert.equal(out.max_total_num_tokens, 500000);
  assert.equal(out.api_key_null, null);
  assert.ok(!JSON.stringify(out).includes('secret'));
  assert.equal(info.api_key, 'sk-very-secret', 'input is not modified');
});
