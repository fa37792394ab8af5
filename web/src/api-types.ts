import type { DocumentLanguages } from './document-language.js';
import type { AuditEntryView, AuditPage, SessionInfo, User } from '../../src/api/contracts/index.js';

export type { AuditEntryView, AuditPage, SessionInfo, User };
/**
 * The shapes of what the server answers, as the web app reads them: one
 * file, so they can be replaced by contracts shared with the server.
 */

export interface VerificationRecord {
  seq: number;
  at: string;
  by: string;
  ok: boolean;
  entries: number;
  headHash: string;
  checkpointsChecked: number;
  problemCount: number;
  problems: { kind: string; seq: number | null; message: string }[];
  keyFingerprint: string | null;
}

export interface VerificationView {
  last: VerificationRecord | null;
  entries: number;
  checkpoints: { count: number; latest: { size: number; at: string; keyFingerprint: string } | null; everyEntries: number; everyMs: number };
}

export type SignState = 'fresh' | 'stale' | 'unconfirmed' | 'missing' | 'not-covered' | 'not-needed';

export interface SignView {
  key: string;
  camera: string | null;
  status: SignState;
  sha256: string | null;
  text: string;
  posted: { at: string; by: string } | null;
}

/** The server's one answer about a sign (src/policy/consent/sign-answer.ts), the same `premises report` prints. */
export interface SignAnswerView {
  ok: boolean;
  text: string;
}

export interface CameraCompliance {
  id: string;
  name: string;
  origin: 'config' | 'index';
  enabled: boolean;
  purposes: string[];
  area: string | null;
  gates: { code: string; reason: string; fix: string }[];
  mayRecordNow: boolean;
  notRecordingBecause: string[];
  retention: { text: string; capText: string; overCap: boolean; justification: string | null; maxBytes: number | null };
  audio: { on: boolean; justification: string | null };
  masks: number;
  schedule: string;
  signage: SignView & { location: string | null; answer: SignAnswerView | null };
}

export interface ComplianceView {
  business: { name: string; contact: string } | null;
  jurisdiction: { id: string; label: string; defaultRetention: string; cap: string; accessDeadline: string };
  timezone: string;
  answer: { ok: boolean; problems: string[] };
  cameras: CameraCompliance[];
  signs: SignView[];
  staleSigns: string[];
  /** The languages the record of processing can be printed in; the default is the one the law asks for. */
  documentLanguages: DocumentLanguages;
  /** Staff notices to (re-)acknowledge, the assessment's review, users flagged for routine viewing (docs/staff-dpia.md). */
  staffNotices: { text: string; due: { id: number; name: string; state: 'stale' | 'never' }[]; workstations: { camera: string; text: string }[] };
  dpia: { state: 'missing' | 'current' | 'changed' | 'overdue'; dueAt: string | null; text: string };
  routineViewing: { actor: string; text: string }[];
}

export interface HoldView {
  id: number;
  camera: string;
  from: string;
  to: string;
  kind: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  reviewAt: string | null;
  reviewDue: boolean;
  releasableFrom: string | null;
  released: { at: string; by: string; reason: string } | null;
  /** The incident case this hold is a range of: released only by closing the case. */
  case: number | null;
}

export interface RequestView {
  id: number;
  requester: string;
  identityVerification: string;
  receivedOn: string;
  cameras: string[];
  from: string;
  to: string;
  description: string;
  dueOn: string;
  deadlineRule: string;
  createdBy: string;
  closed: { at: string; by: string; outcome: string } | null;
  holds: number[];
  due: string;
  daysLeft: number;
  overdue: boolean;
  urgency: 'closed' | 'overdue' | 'due-today' | 'due-soon' | 'on-time';
  extension: { taken: boolean; available: boolean; extendedDue: string; reason: string | null };
  /** The language the requester reads, as recorded; null for requests recorded before it was asked. */
  language: string | null;
  /** The language their letters are written in: theirs, else the site's main one. */
  letterLanguage: string;
  /** Exports made to answer this request, oldest first. */
  exports: { id: string; at: string }[];
}

export interface RequestList {
  today: string;
  jurisdiction: string;
  /** The site's languages, main one first: those a requester's language is chosen from. */
  languages: string[];
  requests: RequestView[];
}

export interface CameraScope {
  purposes?: string[];
  area?: string;
  signage?: { location: string; date: string; confirmedBy: string };
}

export interface StorageView {
  at: string;
  disk: { totalBytes: number; freeBytes: number; usedBytes: number; floorBytes: number } | null;
  diskError: string | null;
  recordings: { bytes: number; cameras: { camera: string; name: string; bytes: number }[] };
  daily: { camera: string; day: string; bytes: number; durationMs: number; bitrateBps: number | null }[];
  history: { source: string; samples: { at: string; totalBytes: number; freeBytes: number; recordingsBytes: number }[] };
  forecast: {
    capacityBytes: number;
    neededBytes: number;
    diskDays: number | null;
    cameras: { camera: string; retentionDays: number; daysKept: number; bytesNeeded: number; bytesPerDay: number; limitedBy: string }[];
  } | null;
}

export interface TimeView {
  serverTime: string;
  host: { synchronized: boolean | null; source: string; reportedTime: string | null; detail: string };
  cameras: { camera: string; name: string; measured: boolean; offsetMs: number | null; skewed: boolean | null; measuredAt: string | null; how: string }[];
}

/**
 * Transfers (docs/transfers.md): the policies in force, the transfers asked
 * for, approval by a second person, and the download button. The owner
 * writes and revokes policies here or with `premises transfer-policy`.
 */
export interface PolicyView {
  name: string;
  kind: string;
  recipientOrg: string;
  country: string;
  legalBasis: string;
  data: string[];
  expiresAt: string;
  requiresApproval: boolean;
  active: boolean;
  revokedAt: string | null;
  target: { kind: string; roles?: string[]; host?: string; path?: string; url?: string };
}

export interface TransferView {
  id: number;
  exportId: string;
  policy: string;
  requestedBy: string;
  requestedAt: string;
  state: string;
  bytesSent: number | null;
  reason: string | null;
  approvedBy: string | null;
}

export interface UserView {
  id: number;
  username: string;
  role: 'owner' | 'manager' | 'viewer';
  createdAt: number;
  cameras: Record<string, { live: boolean; playback: boolean; export: boolean }>;
}

export interface AlarmView {
  id: number;
  kind: string;
  subject: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  raisedAt: string;
  lastSeenAt: string;
  acknowledged: boolean;
  acknowledgedBy: string | null;
  canAcknowledge: boolean;
}


export interface CameraView {
  id: string;
  name: string;
  origin: 'config' | 'index';
  state: string;
  recording: boolean;
  lastSegmentAt: string | null;
  bitrateBps: number | null;
  restarts: number;
  notRecordingReason: string | null;
  holds: { code: string; message: string; fix: string }[];
  paused: { reason: string; since: string | null; until: string | null; by: string } | null;
  /** The camera has a sub stream (grid tiles and thumbnails use it). */
  subStream?: boolean;
  rights: { live: boolean; playback: boolean; export: boolean; pause: boolean; resume: boolean; scope: boolean };
}

export interface DiscoveryView {
  running: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  devices: { xaddr: string; manufacturer: string | null; model: string | null; name: string | null; interface: string }[];
  problems: { message: string }[];
  interfaces: string[];
  error: string | null;
}


/** One current staff member and where their notice stands (GET /api/staff, src/api/routes/staff-dpia.ts). */
export interface StaffMemberView {
  id: number;
  name: string;
  role: string;
  areas: string[];
  language: string;
  addedAt: string | null;
  notice: { version: string; short: string; cameras: string[] };
  /** current: signed the notice as it is now; stale: signed an earlier one; never: no signature recorded. */
  state: 'current' | 'stale' | 'never';
  lastAck: { version: string; signedOn: string; recordedAt: string | null; recordedBy: string } | null;
}

export interface StaffListView {
  staff: StaffMemberView[];
  reminder: string;
  /** Every area someone may work in (never washrooms or changing rooms). */
  areas: string[];
  /** The areas a camera films now. */
  areasInUse: string[];
  languages: string[];
}

export interface DpiaCameraView {
  id: string;
  name: string;
  area: string | null;
  enabled: boolean;
  purposes: string[];
  schedule: string;
  audio: string;
  masks: string;
  retention: string;
  legalBasis: string | null;
  justifications: string[];
}

/** The privacy impact assessment: facts Premises fills in, the owner's answers, saved versions (GET /api/dpia). */
export interface DpiaView {
  /** The languages the printed assessment can be written in; the default is the one the law asks for. */
  documentLanguages: DocumentLanguages;
  questions: { key: string; title: string; question: string; required: boolean; answer: { text: string | undefined; at: string | null; by: string | undefined } | null }[];
  facts: {
    material: {
      business: { name: string; address: string; contact: string } | null;
      jurisdiction: string;
      cameras: DpiaCameraView[];
      viewers: string[];
      recipients: string;
      transfers: string;
      workstationFlags: string[];
    };
    context: {
      containment: string;
      accessRequests: { last12Months: number; open: number; overdue: number };
      staff: { count: number; acknowledgedCurrent: number };
      routineViewingFlags: number;
    };
  };
  review: { state: 'missing' | 'current' | 'changed' | 'overdue'; dueAt: string | null; text: string };
  versions: { version: number; savedAt: string | null; savedBy: string; sha256: string }[];
}
