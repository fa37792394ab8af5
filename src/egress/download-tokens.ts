import { randomBytes } from 'node:crypto';

/**
 * One-time download tickets. Asking for a download changes state (a transfer
 * row and audit entries), so it is a POST; the bytes then come from a GET of
 * the ticket it returned, which a browser can follow as a plain link. A
 * ticket belongs to the user who asked, works once, and lapses after TTL_MS.
 * Tickets live in memory: a restart forgets them, and start-up recovery ends
 * the transfers they were for (src/jobs/recovery.ts).
 */
export const DOWNLOAD_TICKET_TTL_MS = 2 * 60_000;

export interface DownloadTicket {
  transferId: number;
  exportId: string;
  username: string;
  expiresAt: number;
  /** A transfer made for this ticket alone (no approval step) is ended when the ticket lapses unused. */
  endIfUnused: boolean;
}

export class DownloadTickets {
  private readonly tickets = new Map<string, DownloadTicket>();

  issue(ticket: Omit<DownloadTicket, 'expiresAt'>, now: number): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + DOWNLOAD_TICKET_TTL_MS;
    this.tickets.set(token, { ...ticket, expiresAt });
    return { token, expiresAt };
  }

  /** The ticket, once: taken out whether it is valid or not, so a token is never tried twice. */
  take(token: string, username: string, now: number): DownloadTicket | undefined {
    const t = this.tickets.get(token);
    if (!t || t.username !== username) return undefined;
    this.tickets.delete(token);
    return t.expiresAt > now ? t : undefined;
  }

  /** Removes and returns the tickets that lapsed unused. */
  lapsed(now: number): DownloadTicket[] {
    const out: DownloadTicket[] = [];
    for (const [token, t] of this.tickets) {
      if (t.expiresAt <= now) {
        this.tickets.delete(token);
        out.push(t);
      }
    }
    return out;
  }
}
