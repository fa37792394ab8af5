import type { ExportRequest } from '../disclosure/export/create.js';
import { parseDuration } from '../shared/duration.js';
import { UsageError, cameraList, parseIsoTime, requireString } from './args.js';

/** The options every command that makes an export takes (`export`, `redact start`). */
export const EXPORT_REQUEST_OPTIONS = {
  config: { type: 'string' },
  camera: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  reason: { type: 'string' },
  'requested-by': { type: 'string' },
  'legal-basis': { type: 'string' },
  keep: { type: 'string' },
  request: { type: 'string' },
} as const;

type ExportRequestValues = Partial<Record<keyof typeof EXPORT_REQUEST_OPTIONS, string>>;

/** The export asked for on the command line; what the law asks of every export (reason, requester, legal basis) is required. */
export function exportRequestOf(values: ExportRequestValues): ExportRequest {
  const req: ExportRequest = {
    cameras: cameraList(values.camera),
    fromMs: parseIsoTime(requireString(values.from, '--from ISO'), '--from'),
    toMs: parseIsoTime(requireString(values.to, '--to ISO'), '--to'),
    reason: requireString(values.reason, '--reason TEXT'),
    requestedBy: requireString(values['requested-by'], '--requested-by TEXT'),
    legalBasis: requireString(values['legal-basis'], '--legal-basis TEXT'),
  };
  if (values.request !== undefined) {
    if (!/^\d+$/.test(values.request)) throw new UsageError('--request takes an access request id');
    req.accessRequestId = Number(values.request);
  }
  if (values.keep !== undefined) {
    const ms = parseDuration(values.keep);
    if (ms === undefined) throw new UsageError(`--keep "${values.keep}" is not a duration like 30d or 72h`);
    req.keepMs = ms;
  }
  return req;
}
