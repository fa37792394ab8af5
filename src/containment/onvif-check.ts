import type { Actor, AuditLog } from '../audit/log.js';
import type { LoadedConfig } from '../config/load.js';
import type { Db } from '../db/open.js';
import type { Clock } from '../shared/clock.js';
import type { DataLayout } from '../shared/data-layout.js';
import { applyFixes, findingsOf, readNetworkSettings, type Finding, type FixId, type FixResult, type NetworkSettings } from './onvif-audit.js';
import { onvifTargetOf, premisesAddressOf } from './onvif-target.js';

/** The parts of an opened install an ONVIF audit needs (the CLI's context and the API's deps both fit). */
export interface OnvifCheckParts {
  db: Db;
  layout: DataLayout;
  clock: Clock;
  loaded: LoadedConfig;
  audit: AuditLog;
}

export interface OnvifCheck {
  camera: string;
  premisesAddress: string | null;
  settings: NetworkSettings;
  findings: Finding[];
  /** What each fix this camera needs would send, in plain words, for the owner to confirm. */
  changes: { fix: FixId; change: string }[];
  /** The fixes applied in this run, each judged from a fresh reading. */
  fixes: FixResult[];
  /** Findings of the reading after the fixes; null when none was applied. */
  after: Finding[] | null;
}

/** What a fix sends to the camera, in the words the owner confirms. */
export function fixChange(fix: FixId, premises: string | null): string {
  switch (fix) {
    case 'ntp':
      return `set the camera's only time server to Premises (${premises ?? 'needs the camera network'}), not taken from DHCP, and keep its clock by NTP`;
    case 'gateway':
      return 'remove the default gateway, so the camera has no router to send anything beyond the camera network through';
    case 'dynamic-dns':
      return 'turn dynamic DNS off (NoUpdate): the camera stops publishing its address to an outside name service';
    case 'remote-discovery':
      return 'set remote discovery to NonDiscoverable: the camera stops announcing itself beyond the local network';
  }
}

/**
 * The one ONVIF network audit of a camera, for the command line and the
 * dashboard alike: read the nine settings, audit the reading
 * (`network.onvif-audit`), apply the fixes the owner confirmed, each audited
 * (`network.onvif-fix` / `network.onvif-fix-failed`), and re-read the camera
 * to judge whether each took.
 */
export async function checkCameraNetwork(ctx: OnvifCheckParts, camera: string, fixes: readonly FixId[], actor: Actor): Promise<OnvifCheck> {
  const target = onvifTargetOf(ctx, camera);
  const premises = premisesAddressOf(ctx);
  const settings = await readNetworkSettings(target);
  const findings = findingsOf(settings, premises);
  const subject = `camera:${camera}`;
  ctx.audit.append({ actor, action: 'network.onvif-audit', subject, details: { findings: findings.map((f) => `${f.setting}: ${f.value}`) } });
  const applied = fixes.length
    ? await applyFixes(target, fixes, premises, { append: (e) => ctx.audit.append({ actor, action: e.action, subject, details: e.details }) })
    : undefined;
  const needed = [...new Set(findings.map((f) => f.fix).filter((f): f is FixId => f !== null))];
  return {
    camera,
    premisesAddress: premises,
    settings,
    findings,
    changes: needed.map((fix) => ({ fix, change: fixChange(fix, premises) })),
    fixes: applied?.results ?? [],
    after: applied ? findingsOf(applied.after, premises) : null,
  };
}
