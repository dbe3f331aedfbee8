// Detecting the inference unit (empty tailspark.service.unit) on the emulated Spark, through the
// real SSH layer and the systemctl stand-in's list-units/show output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlService } from '../../../src/core/remote/service';
import { detectInferenceUnit, ServiceUnitResolver } from '../../../src/core/remote/unitDetect';
import { FAST, startRemoteSpark } from './helpers';

test('SGLang Spark: the running sglang.service is chosen (its command serves the port), not the vllm default', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'sglang', timings: FAST });
  try {
    const choice = await detectInferenceUnit(t.ctx(), 30001);
    assert.deepEqual(choice, { ok: true, unit: 'sglang.service', reason: 'its command serves port 30001 and it runs' });
  } finally {
    await t.stop();
  }
});

test('vLLM Spark, service stopped: the unit that ran last is still found; the resolver remembers it and says so once', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'vllm', timings: FAST });
  try {
    assert.ok((await controlService(t.ctx(), 'vllm', 'stop')).ok);
    const resolver = new ServiceUnitResolver();
    const told: string[] = [];
    resolver.onDetected((i) => told.push(i.unit));
    const first = await resolver.resolve(t.ctx(), '', 30001);
    assert.deepEqual(first, { ok: true, unit: 'vllm.service', reason: 'its command serves port 30001' });
    const second = await resolver.resolve(t.ctx(), '', 30001);
    assert.equal(second.ok && second.unit, 'vllm.service');
    assert.deepEqual(told, ['vllm.service']);
    // A configured unit wins and is not looked up.
    assert.deepEqual(await resolver.resolve(t.ctx(), 'qwen.service', 30001), { ok: true, unit: 'qwen.service', reason: 'tailspark.service.unit' });
  } finally {
    await t.stop();
  }
});

test('another port: no command names it, so the running SGLang/vLLM unit is chosen by name and the reason says so', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'sglang', timings: FAST });
  try {
    const choice = await detectInferenceUnit(t.ctx(), 8000);
    assert.ok(choice.ok, JSON.stringify(choice));
    assert.equal(choice.unit, 'sglang.service');
    assert.match(choice.reason, /no service names port 8000/);
  } finally {
    await t.stop();
  }
});
