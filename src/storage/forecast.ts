/**
 * How many days of footage the disk keeps at the current recording rate,
 * per camera, against each camera's retention. Pure arithmetic.
 *
 * Model: each camera adds `bytesPerDay`; its footage is kept for its
 * retention (or until its byte quota). When all of that does not fit in the
 * space recordings may use (their bytes now + free space − the free-space
 * floor), the floor sweep deletes the oldest unheld footage across cameras,
 * so every camera that would keep more ends up keeping about the same number
 * of days D, where Σ bytesPerDay × min(D, retention) = capacity
 * ("water-filling"). Held footage is not modelled: it only shortens D.
 */
export interface CameraRate {
  camera: string;
  bytesPerDay: number;
  retentionDays: number;
  /** Per-camera byte quota (retention.maxBytes), if any. */
  maxBytes?: number | undefined;
}

export interface CameraForecast {
  camera: string;
  retentionDays: number;
  /** Days of footage this camera will keep at the current rate (≤ retentionDays). */
  daysKept: number;
  /** Bytes its retention needs at the current rate. */
  bytesNeeded: number;
  /** What limits it: its retention, its byte quota, or the disk. */
  limitedBy: 'retention' | 'quota' | 'disk' | 'not recording';
}

export interface Forecast {
  /** Space recordings may use: their bytes now + free − floor. */
  capacityBytes: number;
  /** Σ bytes each camera's retention needs at the current rate. */
  neededBytes: number;
  /** Days the whole disk holds at the current total rate, ignoring retention; null when nothing records. */
  diskDays: number | null;
  cameras: CameraForecast[];
}

const DAY_MS = 86_400_000;

export function forecastDays(rates: readonly CameraRate[], capacityBytes: number): Forecast {
  const capacity = Math.max(0, capacityBytes);
  // Each camera's own limit: retention days, shortened by its quota.
  const own = rates.map((r) => {
    if (r.bytesPerDay <= 0) return { r, days: r.retentionDays, limitedBy: 'not recording' as const };
    const quotaDays = r.maxBytes !== undefined ? r.maxBytes / r.bytesPerDay : Infinity;
    return quotaDays < r.retentionDays ? { r, days: quotaDays, limitedBy: 'quota' as const } : { r, days: r.retentionDays, limitedBy: 'retention' as const };
  });
  const needed = own.reduce((sum, o) => sum + o.r.bytesPerDay * o.days, 0);
  const total = rates.reduce((sum, r) => sum + Math.max(0, r.bytesPerDay), 0);
  let level = Infinity;
  if (needed > capacity) {
    // Raise D through the sorted own limits until the capacity is used up.
    const recording = own.filter((o) => o.r.bytesPerDay > 0).sort((a, b) => a.days - b.days);
    let used = 0;
    let rate = recording.reduce((s, o) => s + o.r.bytesPerDay, 0);
    let prev = 0;
    level = 0;
    for (const o of recording) {
      const step = (o.days - prev) * rate;
      if (used + step >= capacity) {
        level = prev + (capacity - used) / rate;
        break;
      }
      used += step;
      rate -= o.r.bytesPerDay;
      prev = o.days;
      level = o.days;
    }
  }
  return {
    capacityBytes: capacity,
    neededBytes: needed,
    diskDays: total > 0 ? capacity / total : null,
    cameras: own.map((o) => {
      const limited = o.r.bytesPerDay > 0 && level < o.days;
      return {
        camera: o.r.camera,
        retentionDays: o.r.retentionDays,
        daysKept: limited ? level : o.days,
        bytesNeeded: o.r.bytesPerDay * o.days,
        limitedBy: limited ? 'disk' : o.limitedBy,
      };
    }),
  };
}

/**
 * A camera's rate from what it recorded over a recent window: bytes scaled to
 * a day by the window's length, where the window starts at the later of
 * (now − 24 h) and the camera's first segment in it (at least a minute), so a camera added an
 * hour ago is not counted as recording 1/24 of its rate. Scheduled cameras are
 * counted at their duty cycle over the last day.
 */
export function bytesPerDay(bytesInWindow: number, windowStartMs: number, nowMs: number): number {
  const span = nowMs - windowStartMs;
  if (bytesInWindow <= 0 || span <= 0) return 0;
  // Under a minute of history (a few segments) says too little to extrapolate to a day.
  return (bytesInWindow * DAY_MS) / Math.max(span, 60_000);
}
