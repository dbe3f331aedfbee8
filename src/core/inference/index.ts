// Public surface of the inference probe (what the Monitor, the doctor and the CLI call).
export { findingForHttpError } from './httpFindings';
export { kindFromModels, type ServerKind } from './identify';
export { loadFromLoads, loadFromMetrics, type MetricsSample, metricPrefix, type ServerLoad } from './load';
export { errorMessageOf, type ModelInfo, type ProbeOptions, type ProbeResult, probeInference, serverRoot } from './probe';
export { type MetricSample, parsePrometheusText } from './prometheus';
export { REDACTED, redactSecrets } from './redact';
