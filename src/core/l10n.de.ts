// German texts for tr() (src/core/l10n.ts), keyed by the English source string: the editor's
// bundle (l10n/bundle.l10n.de.json, so a text shared with the UI is translated once) plus the
// texts only editor-free code shows (the doctor report, the CLI).
import bundle from '../../l10n/bundle.l10n.de.json';

const CORE: Record<string, string> = {};

export const GERMAN: Readonly<Record<string, string>> = { ...(bundle as Record<string, string>), ...CORE };
