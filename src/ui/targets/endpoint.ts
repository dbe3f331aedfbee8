// The served URL lives in the core (src/core/autoconfig/served.ts); re-exported for the UI.
export { type ServedUrl, servedKey, servedUrlOf, stillServed } from '../../core/autoconfig/served';
/** Lives in the core now: the CLI's `apply` turns a probe into an endpoint the same way. */
export { endpointFromProbe } from '../../core/targets/probeEndpoint';
