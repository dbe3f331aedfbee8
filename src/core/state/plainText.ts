// The renderer's tooltip Markdown (render.ts) as plain terminal text, for `tailspark status`:
// theme icons and the command-link footer go (they mean nothing in a terminal), links keep their
// label, and the renderer's escapes are undone. Remote text stays text: the CLI's io strips
// control characters on the way out (src/cli/terminalSafe.ts).

/** `$(name)` theme icons the renderer put in (an escaped `\$(` from remote text is kept). */
const ICON = /(^|[^\\])\$\([a-z0-9-]+(?:~[a-z]+)?\)\s?/gi;
/** `[label](target)` links: the label (escaped) stays. */
const LINK = /\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)/g;
/** escapeMarkdown's backslash escapes. */
const ESCAPED = /\\([\\`*_{}[\]()#+\-.!|~>$])/g;

export function markdownToPlain(markdown: string): string {
  const lines: string[] = [];
  for (const raw of markdown.split('\n')) {
    if (raw.trim() === '---') break; // the footer: command links only
    const line = raw
      .replace(/ {2}$/, '')
      .replace(ICON, '$1')
      .replace(ICON, '$1') // adjacent icons
      .replace(LINK, '$1')
      .replace(/(^|[^\\])\*\*/g, '$1')
      .replace(/(^|[^\\])`/g, '$1')
      .replace(ESCAPED, '$1')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&');
    lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.join('\n');
}
