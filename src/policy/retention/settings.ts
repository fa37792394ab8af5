import type { Config } from '../../config/schema.js';
import { RETENTION_PROFILES, type FloorSetting } from '../../config/retention.js';
import type { CameraRule } from './plan.js';

/** What the sweeper needs from the configuration, resolved against the jurisdiction profile. */
export interface RetentionSettings {
  rules: Map<string, CameraRule & { justification?: string | undefined }>;
  defaultRule: CameraRule;
  capMaxAgeMs: number | undefined;
  floor: FloorSetting | undefined;
  clockAheadLimitMs: number;
  sweepIntervalMs: number;
  /** Enabled cameras: the ones to stop when only held footage is left. */
  recordingCameras: string[];
}

export function retentionSettings(config: Config): RetentionSettings {
  const profile = RETENTION_PROFILES[config.jurisdiction];
  const defaultRule: CameraRule = { maxAgeMs: config.retention.defaultMaxAge ?? profile.defaultMaxAgeMs };
  const rules = new Map<string, CameraRule & { justification?: string | undefined }>();
  for (const camera of config.cameras) {
    rules.set(camera.id, {
      maxAgeMs: camera.retention?.maxAge ?? defaultRule.maxAgeMs,
      maxBytes: camera.retention?.maxBytes,
      justification: camera.retention?.justification,
    });
  }
  return {
    rules,
    defaultRule,
    capMaxAgeMs: profile.capMaxAgeMs,
    floor: config.retention.freeSpaceFloor,
    clockAheadLimitMs: config.retention.clockAheadLimit,
    sweepIntervalMs: config.retention.sweepInterval,
    recordingCameras: config.cameras.filter((c) => c.enabled).map((c) => c.id),
  };
}

/** max(5 % of the disk, 1 hour at the measured total bitrate) unless configured. */
export function floorBytes(setting: FloorSetting | undefined, totalBytes: number, bytesLastHour: number): number {
  if (setting === undefined) return Math.max(Math.ceil(totalBytes * 0.05), bytesLastHour);
  if ('percent' in setting) return Math.ceil((totalBytes * setting.percent) / 100);
  return setting.bytes;
}

/** How long a period reads on a sign: "7 days", "72 hours" (short periods in hours, as the EDPB writes them), "90 minutes". */
export function retentionText(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms % 86_400_000 === 0 && ms >= 7 * 86_400_000) return plural(ms / 86_400_000, 'day');
  if (ms % 3_600_000 === 0) return plural(ms / 3_600_000, 'hour');
  if (ms % 86_400_000 === 0) return plural(ms / 86_400_000, 'day');
  return plural(Math.round(ms / 60_000), 'minute');
}

/** Each camera's retention as the sweeper enforces it, for signs and the record of processing. */
export function configuredRetentionOf(config: Pick<Config, 'jurisdiction' | 'cameras' | 'retention'>): (cameraId: string) => { ms: number; text: string } {
  const profile = RETENTION_PROFILES[config.jurisdiction];
  const fallback = config.retention.defaultMaxAge ?? profile.defaultMaxAgeMs;
  return (cameraId) => {
    const ms = config.cameras.find((c) => c.id === cameraId)?.retention?.maxAge ?? fallback;
    return { ms, text: retentionText(ms) };
  };
}
