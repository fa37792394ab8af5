import type { Alarm } from '../alarms/alarms.js';
import type { CameraHealth } from '../recorder/recorder.js';
import { iso } from '../shared/iso.js';

/**
 * GET /api/health — schema documented in docs/api.md. `status` is "ok" only
 * when every enabled camera is recording and no critical alarm is open.
 */
export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  time: string;
  cameras: {
    id: string;
    name: string;
    state: string;
    recording: boolean;
    lastSegmentAt: string | null;
    bitrateBps: number | null;
    restarts: number;
    lastExit: { at: string; reason: string } | null;
    notRecordingReason: string | null;
    /** Why the camera may not record now (consent gates, schedule, privacy pause), each with how to fix it. */
    holds: { code: string; message: string; fix: string }[];
    /** Who blacks out the privacy masks: the camera (verified by a snapshot) or Premises (re-encoding); null without masks. */
    masking: { method: 'camera' | 'premises'; verifiedAt: string | null; reason: string | null } | null;
  }[];
  alarms: { id: number; kind: string; subject: string; severity: string; message: string; raisedAt: string; acknowledged: boolean }[];
}


export function buildHealth(cameras: CameraHealth[], alarms: Alarm[], now: number, version: string): HealthReport {
  const report: HealthReport = {
    status: 'ok',
    version,
    time: new Date(now).toISOString(),
    cameras: cameras.map((c) => ({
      id: c.cameraId,
      name: c.name,
      state: c.state,
      recording: c.state === 'recording',
      lastSegmentAt: iso(c.lastSegmentAt),
      bitrateBps: c.bitrateBps,
      restarts: c.restarts,
      lastExit: c.lastExit ? { at: new Date(c.lastExit.at).toISOString(), reason: c.lastExit.reason } : null,
      notRecordingReason: c.notRecordingReason,
      holds: c.holds,
      masking: c.masking ? { method: c.masking.method, verifiedAt: iso(c.masking.verifiedAt), reason: c.masking.reason } : null,
    })),
    alarms: alarms.map(alarmSummary),
  };
  if (report.cameras.some((c) => !c.recording) || alarms.some((a) => a.severity === 'critical')) report.status = 'degraded';
  return report;
}

/** An alarm as the health report and the alarms page both show it. */
export function alarmSummary(a: Alarm) {
  return {
    id: a.id,
    kind: a.kind,
    subject: a.subject,
    severity: a.severity,
    message: a.message,
    raisedAt: new Date(a.raisedAt).toISOString(),
    acknowledged: a.acknowledgedAt !== null,
  };
}
