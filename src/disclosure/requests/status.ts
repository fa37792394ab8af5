import { parseDate } from './deadline.js';
import { effectiveDue, type AccessRequest } from './requests.js';

/**
 * Where an access request stands on a given local date, for the dashboard:
 * which deadline binds, how many calendar days are left, and whether the
 * extension can still be taken. Pure.
 */
export type Urgency = 'closed' | 'overdue' | 'due-today' | 'due-soon' | 'on-time';

export interface RequestStatus {
  due: string;
  /** Calendar days from `today` to the binding deadline; negative once overdue. */
  daysLeft: number;
  overdue: boolean;
  urgency: Urgency;
  extension: { taken: boolean; available: boolean; extendedDue: string; reason: string | null };
}

export const DUE_SOON_DAYS = 7;

export function requestStatus(r: AccessRequest, today: string): RequestStatus {
  const due = effectiveDue(r);
  const daysLeft = Math.round((parseDate(due).getTime() - parseDate(today).getTime()) / 86_400_000);
  const closed = r.closedAt !== null;
  const overdue = !closed && daysLeft < 0;
  const urgency: Urgency = closed ? 'closed' : overdue ? 'overdue' : daysLeft === 0 ? 'due-today' : daysLeft <= DUE_SOON_DAYS ? 'due-soon' : 'on-time';
  return {
    due,
    daysLeft,
    overdue,
    urgency,
    extension: {
      taken: r.extendedAt !== null,
      // As AccessRequests.extend allows it: once, before the first deadline, where the profile has one.
      available: !closed && r.extendedAt === null && today <= r.dueOn && r.extendedDueOn !== r.dueOn,
      extendedDue: r.extendedDueOn,
      reason: r.extensionReason,
    },
  };
}
