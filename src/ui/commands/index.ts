// Registers the commands this module owns. Remote operations (service, logs, serve, funnel,
// doctor) are registered by src/ui/commands/remote; targets (configure, apply, revert) by src/ui/targets.
import type { Tailspark } from '../tailspark';
import { registerBasicCommands } from './basic';
import { registerPickSpark } from './pickSpark';
import { type Registration, registration } from './registration';
import { registerTestSsh } from './testSsh';

export function registerCommands(ts: Tailspark): Registration {
  return registration([...registerBasicCommands(ts), registerPickSpark(ts), registerTestSsh(ts)], undefined);
}
