// Where the emulated server's API key comes from, like the real servers: vLLM reads
// `--api-key` or else the VLLM_API_KEY environment variable; SGLang only has `--api-key`
// (server_args.py: `--api-key`, default None, no environment variable).
'use strict';

/** The key the server was started with, or undefined (then the scenario's state decides). */
function apiKeyFrom(flavor, argv, env) {
  const i = argv.indexOf('--api-key');
  if (i >= 0 && argv[i + 1]) return argv[i + 1];
  if (flavor === 'vllm' && env.VLLM_API_KEY) return env.VLLM_API_KEY;
  return undefined;
}

module.exports = { apiKeyFrom };
