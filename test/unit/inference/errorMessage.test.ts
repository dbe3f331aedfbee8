// errorMessageOf: the reason shown in probe findings, read from the error body with a zod schema
// (vLLM/OpenAI nested, SGLang flat, FastAPI detail), else the body text itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorMessageOf } from '../../../src/core/inference/probe';

test('known error bodies give their message', () => {
  assert.equal(errorMessageOf('{"error":{"message":"The model `x` does not exist.","type":"NotFoundError","code":404}}'), 'The model `x` does not exist.');
  assert.equal(errorMessageOf('{"object":"error","message":"Unauthorized","type":"BadRequestError","code":401}'), 'Unauthorized');
  assert.equal(errorMessageOf('{"error":"Unauthorized"}'), 'Unauthorized');
  assert.equal(errorMessageOf('{"detail":"Not Found"}'), 'Not Found');
  // nested wins over flat; a null message does not hide a string error
  assert.equal(errorMessageOf('{"error":{"message":"nested"},"message":"flat"}'), 'nested');
  assert.equal(errorMessageOf('{"message":null,"error":"e"}'), 'e');
  assert.equal(errorMessageOf(`{"message":"${'x'.repeat(300)}"}`), 'x'.repeat(200));
});

test('anything else → the trimmed body text (cut to 200), or undefined when empty', () => {
  assert.equal(errorMessageOf('  Internal Server Error \n'), 'Internal Server Error');
  for (const body of ['null', '5', '[]', '{}', '{"detail":[{"loc":["body"],"msg":"field required"}]}', '{"error":{"code":1}}']) {
    assert.equal(errorMessageOf(body), body, body);
  }
  assert.equal(errorMessageOf('   '), undefined);
  assert.equal(errorMessageOf('y'.repeat(500)), 'y'.repeat(200));
});
