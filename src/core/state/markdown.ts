// Escaping for text that came from the network (model names, host names, error messages, URLs)
// before it goes into the status bar or a TRUSTED MarkdownString tooltip. A trusted tooltip runs
// `command:` links, so remote text must never be able to form a link, HTML or a theme icon.

/** Escapes Markdown syntax, HTML and `$(icon)` references. Newlines become spaces. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\$/g, '\\$');
}

/** Status-bar text renders `$(name)` as an icon: escape it so remote text stays text. */
export function escapeStatusText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\$\(/g, '\\$(');
}

/** A `command:` link whose arguments are JSON, URL-encoded (as VS Code expects). */
export function commandLink(label: string, command: string, args?: unknown[]): string {
  const query = args && args.length > 0 ? `?${encodeURIComponent(JSON.stringify(args))}` : '';
  return `[${escapeMarkdown(label)}](command:${command}${query})`;
}

/** A link to an http(s) URL; anything else is shown as escaped text (never a link). */
export function urlLink(label: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return escapeMarkdown(`${label}: ${url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return escapeMarkdown(`${label}: ${url}`);
  // URL.href percent-encodes spaces and quotes; parentheses must go too or they end the link.
  const href = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${escapeMarkdown(label)}](${href})`;
}
