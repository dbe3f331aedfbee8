// jsonc-parser, through its ES-module build. Its default ("main") entry is a UMD wrapper whose
// inner require('./impl/format') calls esbuild cannot follow: the bundled dist/cli.js and
// dist/cursor-db-helper.js then fail with "Cannot find module './impl/format'". The ESM build
// bundles cleanly, and tsx/tsc accept it as well.
export {
  applyEdits,
  createScanner,
  type FormattingOptions,
  modify,
  type ParseError,
  parse,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser/lib/esm/main.js';
