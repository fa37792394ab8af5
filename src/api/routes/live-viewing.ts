import type { AuditLog } from '../../audit/log.js';
import type { Clock } from '../../shared/clock.js';
import type { AuthUser } from '../auth/roles.js';
import { actorOf } from '../auth/users.js';

/**
 * A live viewing session's audit entries, shared by both ways of watching:
 * the WebSocket (live-socket.ts) and HLS (live.ts). `live.view-started` once
 * footage is delivered, `live.view-ended` once, with how long and why.
 */
export const LOGGED_OUT = 'you logged out';

export interface ViewingSession {
  end(reason: string): void;
}

/** Audit the start of a viewing session; the returned function audits its end once. */
export function auditViewing(audit: AuditLog, clock: Clock, user: AuthUser, camera: string, via: 'websocket' | 'hls'): ViewingSession {
  const startedAt = clock.now();
  audit.append({ actor: actorOf(user), action: 'live.view-started', subject: `camera:${camera}`, details: { via, startedAt: new Date(startedAt).toISOString() } });
  let ended = false;
  return {
    end(reason) {
      if (ended) return;
      ended = true;
      const endedAt = clock.now();
      audit.append({
        actor: actorOf(user),
        action: 'live.view-ended',
        subject: `camera:${camera}`,
        details: { via, startedAt: new Date(startedAt).toISOString(), endedAt: new Date(endedAt).toISOString(), durationMs: endedAt - startedAt, reason },
      });
    },
  };
}
