/** The audit page (GET /api/audit): newest first, `next` is the seq to ask `before` for the next page. */
export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: unknown;
}

export interface AuditPage {
  entries: AuditEntryView[];
  next: number | null;
}

/** Every error answer: a message for the owner, the kind, and for a 400 the request fields at fault. */
export interface ApiErrorBody {
  error: string;
  kind?: string;
  fields?: string[];
}
