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
