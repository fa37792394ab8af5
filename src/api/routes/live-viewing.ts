import type { AuditLog } from '../../audit/log.js';
import type { LiveStream } from '../../live/hub.js';
import { PremisesError } from '../../shared/errors.js';
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

/** `?stream=main|sub` of a live address; absent gives `fallback`. */
export function streamParam(value: unknown, fallback: LiveStream): LiveStream {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === 'main' || value === 'sub') return value;
  throw new PremisesError('InvalidArgument', 'stream must be "main" (the recorded stream) or "sub" (the smaller one for tiles)');
}

/** Audit the start of a viewing session; the returned function audits its end once. `stream`: the one actually shown. */
export function auditViewing(audit: AuditLog, clock: Clock, user: AuthUser, camera: string, via: 'websocket' | 'hls', stream: LiveStream = 'main'): ViewingSession {
  const startedAt = clock.now();
  audit.append({ actor: actorOf(user), action: 'live.view-started', subject: `camera:${camera}`, details: { via, stream, startedAt: new Date(startedAt).toISOString() } });
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
        details: { via, stream, startedAt: new Date(startedAt).toISOString(), endedAt: new Date(endedAt).toISOString(), durationMs: endedAt - startedAt, reason },
      });
    },
  };
}
