// The slice of the settings the Monitor reads each tick.
import type { MonitorConfig } from '../monitor/types';
import type { Settings } from './schema';

export function monitorConfig(s: Settings): MonitorConfig {
  return {
    host: s['spark.host'],
    ...(s.baseUrl ? { baseUrlOverride: s.baseUrl } : {}),
    healthySeconds: s['poll.healthySeconds'],
    // A max below the healthy interval would make "backoff" faster than healthy polling.
    maxBackoffSeconds: Math.max(s['poll.maxBackoffSeconds'], s['poll.healthySeconds']),
    unfocusedFactor: s['poll.unfocusedFactor'],
    timeoutMs: s['probe.timeoutMs'],
    slowMs: s['probe.slowMs'],
    detail: s['poll.detail'],
    serviceUnit: s['service.unit'],
    readyTimeoutSeconds: s['service.readyTimeoutSeconds'],
  };
}
