// The domain vocabulary every layer shares, each word defined once (issue #15): how the Spark's
// URL is exposed, what a served model is, and where an OpenAI base URL's root and model list are. Editor-free; imports nothing, so any layer may
// import it without running up the layers.

/** How `tailscale serve` exposes the inference port: tailnet only, or public through Funnel. */
export type Exposure = 'tailnet' | 'funnel';

/**
 * The exposure as far as Tailspark knows it: 'unknown' for a URL fixed in tailspark.baseUrl
 * (not discovered from `tailscale serve`, so reachability is judged from the host name alone).
 */
export type EndpointExposure = Exposure | 'unknown';

/** The server root behind an OpenAI base URL: `https://host/v1` → `https://host` (keeps a Serve mount path). */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** The model list of an OpenAI base URL: `https://host/v1/` → `https://host/v1/models`. */
export function modelsUrl(baseUrl: string): string {
  return `${baseUrl.trim().replace(/\/+$/, '')}/models`;
}

/** One model from GET <baseUrl>/models. */
export interface ModelInfo {
  id: string;
  /** max_model_len: the context length in tokens, when the server says. */
  contextLength?: number;
  ownedBy?: string;
  /** Set for LoRA adapters (the base model). */
  parent?: string;
  root?: string;
}
