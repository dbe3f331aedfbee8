// What remote commands use to talk to the user: prompts (modal questions), the final
// notification, and the open log followers. One object so tests can swap it as a whole.
import type { LogFollower } from './logTerminal';
import type { RemotePrompts } from './prompts';
import type { RemoteNotifier } from './runOperation';

export class Followers {
  readonly open = new Set<LogFollower>();
  add(f: LogFollower): LogFollower {
    this.open.add(f);
    void f.ended.then(() => this.open.delete(f));
    return f;
  }
}

export interface RemoteUi {
  prompts: RemotePrompts;
  notifier: RemoteNotifier;
  followers: Followers;
}
