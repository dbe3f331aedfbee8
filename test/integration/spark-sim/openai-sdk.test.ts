// Oracle: the official `openai` npm client against the emulated SGLang and vLLM servers, with and
// without --api-key. What the SDK accepts (models.list / retrieve, completions, chat completions,
// streaming) and the error classes it raises (401 → AuthenticationError, 404 → NotFoundError)
// are the judge of whether the stand-in answers like the real servers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startTestSpark, type TestSpark } from './helpers';

const MODEL = 'Qwen/Qwen2.5-7B-Instruct';
const KEY = 'sk-sim-0123456789abcdef';
let agreed = 0;
let checked = 0;

/** One SDK expectation: counted, and asserted. */
async function expectSdk(_what: string, fn: () => Promise<void>): Promise<void> {
  checked++;
  await fn();
  agreed++;
}

const client = (t: TestSpark, apiKey: string) =>
  new OpenAI({ apiKey, baseURL: `http://${t.spark.address}:${t.spark.inferencePort}/v1`, maxRetries: 0, timeout: 20_000 });

for (const flavor of ['sglang', 'vllm'] as const) {
  for (const serverKey of [undefined, KEY]) {
    describe(`openai SDK against the emulated ${flavor} ${serverKey ? 'with --api-key' : 'without a key'}`, () => {
      let t: TestSpark;
      before(async () => {
        t = await startTestSpark({ flavor, ...(serverKey ? { apiKey: serverKey } : {}), timings: { healthMs: 50, tokenMs: 2 } });
      });
      after(async () => {
        await t?.stop();
      });

      if (serverKey) {
        test('a wrong key → openai.AuthenticationError (401)', async () => {
          await expectSdk('401', async () => {
            await assert.rejects(client(t, 'sk-wrong').models.list(), (err: unknown) => err instanceof OpenAI.AuthenticationError && err.status === 401);
          });
          await expectSdk('401 chat', async () => {
            await assert.rejects(
              client(t, 'sk-wrong').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
              OpenAI.AuthenticationError,
            );
          });
        });
      }

      test('models.list and models.retrieve', async () => {
        const ai = client(t, serverKey ?? 'EMPTY');
        await expectSdk('list', async () => {
          const ids = [];
          for await (const m of ai.models.list()) ids.push(m.id);
          assert.deepEqual(ids, [MODEL]);
        });
        if (flavor === 'sglang') {
          await expectSdk('retrieve', async () => {
            const m = await ai.models.retrieve(MODEL);
            assert.equal(m.id, MODEL);
            assert.equal(m.object, 'model');
            assert.equal(m.owned_by, 'sglang');
          });
          await expectSdk('retrieve unknown', async () => {
            await assert.rejects(ai.models.retrieve('no/such-model'), (err: unknown) => err instanceof OpenAI.NotFoundError && /does not exist/.test(err.message));
          });
        } else {
          // vLLM serves no /v1/models/{id}: the SDK sees FastAPI's 404.
          await expectSdk('retrieve (no route)', async () => {
            await assert.rejects(ai.models.retrieve(MODEL), OpenAI.NotFoundError);
          });
        }
      });

      test('completions.create, plain and streaming', async () => {
        const ai = client(t, serverKey ?? 'EMPTY');
        await expectSdk('completion', async () => {
          const c = await ai.completions.create({ model: MODEL, prompt: 'Once upon a time', max_tokens: 4 });
          assert.equal(c.object, 'text_completion');
          assert.equal(c.model, MODEL);
          assert.ok(c.choices[0].text.length > 0);
          assert.equal(c.choices[0].finish_reason, 'length');
          assert.equal(c.usage?.completion_tokens, 4);
        });
        await expectSdk('completion stream', async () => {
          let text = '';
          let finish: string | null = null;
          for await (const chunk of await ai.completions.create({ model: MODEL, prompt: 'Once', max_tokens: 100, stream: true })) {
            text += chunk.choices[0]?.text ?? '';
            finish = chunk.choices[0]?.finish_reason ?? finish;
          }
          assert.match(text, /emulated Spark/);
          assert.equal(finish, 'stop');
        });
      });

      test('chat.completions.create, plain and streaming', async () => {
        const ai = client(t, serverKey ?? 'EMPTY');
        await expectSdk('chat', async () => {
          const c = await ai.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'ping' }], max_tokens: 200 });
          assert.equal(c.object, 'chat.completion');
          assert.match(c.choices[0].message.content ?? '', /You said: ping/);
          assert.equal(c.choices[0].finish_reason, 'stop');
        });
        await expectSdk('chat stream', async () => {
          let text = '';
          let usage: OpenAI.CompletionUsage | undefined | null;
          const stream = await ai.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'ping' }], stream: true, stream_options: { include_usage: true } });
          for await (const chunk of stream) {
            text += chunk.choices[0]?.delta?.content ?? '';
            usage = chunk.usage ?? usage;
          }
          assert.match(text, /You said: ping/);
          assert.ok(usage && usage.completion_tokens > 0);
        });
      });
    });
  }
}

after(() => {
  console.log(`openai oracle: ${agreed}/${checked} SDK expectations met by the emulated servers`);
});
