// The logger every layer writes to. The extension's output channel (src/ui/log.ts) implements it
// and tests pass fakes; core code only sees this interface.
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
