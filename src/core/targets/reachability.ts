// Who sends the chat requests once a target holds the base URL, and can they reach it?
// Local clients (VS Code, Continue, settings keys read by extensions) run on this machine, which
// is on the tailnet. Cursor's native chat is different: Cursor's cloud calls the URL
// ("Cursor IDE → Cursor Server → your endpoint"), so a tailnet-only URL cannot work there.
import { makeFinding } from '../findings';
import type { EndpointExposure, Reachability } from './types';
import { tailnetOnlyReason } from './urls';

export function localReachability(url: string): Reachability {
  return {
    ok: true,
    who: 'local',
    reason: `Requests come from this machine, which can reach ${url} over the tailnet.`,
    fixes: [],
  };
}

/**
 * Cursor's cloud can reach only public URLs. A Funnel URL works but must be protected with an API
 * key (`authRequired === false` turns ok into a warning finding; undefined means not known).
 */
export function cursorCloudReachability(url: string, exposure: EndpointExposure, authRequired?: boolean): Reachability {
  const why = tailnetOnlyReason(url, exposure);
  if (why) {
    const finding = makeFinding('target.cursorCloudUnreachable', { url, why, where: url });
    return { ok: false, who: 'cursor-cloud', reason: `Cursor's servers make the requests, and ${why}.`, fixes: finding.fixes, finding };
  }
  if (exposure === 'funnel' && authRequired === false) {
    const finding = makeFinding('funnel.noApiKey', { url, where: url });
    return {
      ok: true,
      who: 'cursor-cloud',
      reason: `Cursor's servers can reach ${url} through Funnel, but it answers without an API key: anyone can use it.`,
      fixes: finding.fixes,
      finding,
    };
  }
  return {
    ok: true,
    who: 'cursor-cloud',
    reason: `Cursor's servers make the requests; ${url} is public${exposure === 'funnel' ? ' (Funnel)' : ''}.`,
    fixes: [],
  };
}
