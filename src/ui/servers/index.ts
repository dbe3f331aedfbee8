// Several inference servers (issue #19) in the editor: the fleet that watches them, the server
// list in the status tooltip, Choose / Add Inference Server, and failover.
import * as vscode from 'vscode';
import type { ServerFleet } from '../../core/servers/fleet';
import type { Tailspark } from '../tailspark';
import { registerServerCommands } from './commands';
import { FailoverController } from './failoverController';
import { createFleet, wireFleet } from './fleetWiring';

export interface ServersApi {
  fleet: ServerFleet;
  failover: FailoverController;
}

export function registerServers(ts: Tailspark): { disposable: vscode.Disposable; api: ServersApi } {
  const fleet = createFleet(ts);
  const failover = new FailoverController(ts, fleet);
  const disposables = [...registerServerCommands(ts, fleet, () => failover.manualSwitch()), failover, wireFleet(ts, fleet)];
  return {
    disposable: new vscode.Disposable(() => {
      for (const d of disposables.reverse()) d.dispose();
    }),
    api: { fleet, failover },
  };
}
