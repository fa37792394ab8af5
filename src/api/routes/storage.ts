import type { Router } from 'express';
import { listCameras, onvifClockReadings } from '../../cameras/registry.js';
import { floorBytes, retentionSettings } from '../../policy/retention/settings.js';
import { statfsSpace } from '../../policy/retention/sweeper.js';
import { bytesPerDay, forecastDays } from '../../storage/forecast.js';
import { dailyHistory, recentBytes, recordingsBytes, SAMPLE_EVERY_MS, samples } from '../../storage/storage.js';
import { hostTimeState } from '../../storage/time-sync.js';
import { errorMessage } from '../../shared/errors.js';
import { allow, requireUser } from '../auth/middleware.js';
import { can } from '../auth/roles.js';
import type { RouteDeps } from './deps.js';
import { iso } from './pages-util.js';

/** Storage and health (owners and managers) and the time-sync state (anyone logged in, cameras filtered). */
const DAY_MS = 86_400_000;

export function storageRoutes(router: Router, d: RouteDeps): void {
  router.get(
    '/api/storage',
    (req, res) => {
      allow(res, 'storage.read');
      const now = d.clock.now();
      const days = Math.min(90, Math.max(1, Number(req.query['days'] ?? 14) || 14));
      let disk: { totalBytes: number; freeBytes: number } | null = null;
      let diskError: string | null = null;
      try {
        disk = statfsSpace(d.layout.recordingsRoot);
      } catch (err) {
        diskError = `cannot read the disk of ${d.layout.recordingsRoot}: ${errorMessage(err)}`;
      }
      const cameras = listCameras(d.db);
      const ids = cameras.map((c) => c.id);
      const used = recordingsBytes(d.db);
      const usedTotal = [...used.values()].reduce((a, b) => a + b, 0);
      const lastDay = recentBytes(d.db, ids, now - DAY_MS);
      const lastHour = [...recentBytes(d.db, ids, now - 3_600_000).values()].reduce((a, r) => a + r.bytes, 0);
      const settings = retentionSettings(d.loaded.config);
      const floor = disk ? floorBytes(settings.floor, disk.totalBytes, lastHour) : 0;
      const rates = cameras.map((c) => {
        const recent = lastDay.get(c.id);
        const rule = settings.rules.get(c.id) ?? settings.defaultRule;
        return { camera: c.id, bytesPerDay: recent ? bytesPerDay(recent.bytes, Math.max(now - DAY_MS, recent.firstStartMs), now) : 0, retentionDays: rule.maxAgeMs / DAY_MS, maxBytes: rule.maxBytes };
      });
      const forecast = disk ? forecastDays(rates, usedTotal + disk.freeBytes - floor) : null;
      res.json({
        at: iso(now),
        disk: disk ? { ...disk, usedBytes: disk.totalBytes - disk.freeBytes, floorBytes: floor } : null,
        diskError,
        recordings: { bytes: usedTotal, cameras: cameras.map((c) => ({ camera: c.id, name: c.name, bytes: used.get(c.id) ?? 0 })) },
        daily: dailyHistory(d.db, now - (days - 1) * DAY_MS, now),
        history: {
          source: `sampled by the running daemon every ${SAMPLE_EVERY_MS / 60_000} minutes (kept 90 days); per-day bytes are kept by the index as segments arrive`,
          samples: samples(d.db, now - days * DAY_MS).map((s) => ({ at: iso(s.at), totalBytes: s.totalBytes, freeBytes: s.freeBytes, recordingsBytes: s.recordingsBytes })),
        },
        forecast: forecast && {
          capacityBytes: forecast.capacityBytes,
          neededBytes: forecast.neededBytes,
          diskDays: forecast.diskDays,
          cameras: forecast.cameras.map((f) => ({ ...f, bytesPerDay: rates.find((r) => r.camera === f.camera)?.bytesPerDay ?? 0 })),
        },
      });
    },
  );

  router.get(
    '/api/time',
    async (_req, res) => {
      const user = requireUser(res);
      const host = await hostTimeState();
      const onvif = onvifClockReadings(d.db);
      res.json({
        serverTime: iso(d.clock.now()),
        host,
        cameras: listCameras(d.db)
          .filter((c) => can(user, 'camera.view', c.id))
          .map((c) => {
            const r = onvif.get(c.id);
            return r
              ? { camera: c.id, name: c.name, measured: true, offsetMs: r.offsetMs, skewed: r.skewed, measuredAt: iso(r.measuredAt), how: 'ONVIF GetSystemDateAndTime when the camera was added' }
              : { camera: c.id, name: c.name, measured: false, offsetMs: null, skewed: null, measuredAt: null, how: 'not measured: only cameras added through ONVIF discovery have their clock read' };
          }),
      });
    },
  );
}
