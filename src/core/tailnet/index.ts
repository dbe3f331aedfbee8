// Public surface of tailnet discovery (what the Monitor, the doctor and the CLI call).
export { hostKind, isLanAddress } from './address';
export { type CliResult, type CliRun, defaultCliPaths, runTailscaleCli } from './cliRunner';
export { type DiscoverOptions, discoverFromStatusText, discoverSpark, type SparkDiscovery } from './discover';
export { choosePeer, type PeerConnection, type PeerInfo, peerAddress, peerFindings } from './peers';
export {
  baseUrlFor,
  DEFAULT_INFERENCE_PORT,
  type Exposure,
  parseServeStatusJson,
  parseServeStatusText,
  proxiesToPort,
  type ServeRoute,
  type ServeUrlResult,
} from './serveUrl';
export { type BackendState, parseTailscaleStatus, summarizeTailnet, type TailnetSummary } from './status';
