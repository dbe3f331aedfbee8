// SGLang's API-key check (python/sglang/srt/utils/auth.py, decide_request_auth): the scheme is
// compared case-insensitively (`parts[0].lower() == "bearer"`), the key exactly; current
// releases also take the Anthropic-style `x-api-key` header. Which paths are exempt is decided by
// the caller (needsAuth).
'use strict';

function sglangKeyAccepted(headers, apiKey) {
  const authz = headers.authorization;
  if (typeof authz === 'string') {
    const space = authz.indexOf(' ');
    if (space > 0 && authz.slice(0, space).toLowerCase() === 'bearer' && authz.slice(space + 1) === apiKey) return true;
  }
  return typeof headers['x-api-key'] === 'string' && headers['x-api-key'] === apiKey;
}

module.exports = { sglangKeyAccepted };
