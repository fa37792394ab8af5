/**
 * Every route the dashboard server has. The unit test checks this list
 * against the express app, the access matrix checks that it calls each one
 * for every role: a new route that is not added here fails one of them.
 */
export const API_ROUTES: readonly string[] = [
  'GET /api/health',
  'GET /status',
  'GET /api/session',
  'GET /api/setup',
  'POST /api/setup',
  'POST /api/login',
  'POST /api/logout',
  'POST /api/logout-all',
  'GET /api/users',
  'POST /api/users',
  'POST /api/users/:username/disable',
  'PUT /api/users/:username',
  'POST /api/password',
  'GET /api/cameras',
  'POST /api/cameras',
  'GET /api/cameras/:id',
  'GET /api/cameras/:id/timeline',
  'GET /api/cameras/:id/activity',
  'POST /api/cameras/:id/activity/search',
  'GET /api/cameras/:id/live',
  'GET /api/cameras/:id/live.m3u8',
  'GET /api/cameras/:id/hls/:file',
  'GET /api/cameras/:id/snapshot.jpg',
  'POST /api/cameras/:id/pause',
  'POST /api/cameras/:id/resume',
  'GET /api/cameras/:id/scope',
  'PUT /api/cameras/:id/scope',
  'GET /api/alarms',
  'POST /api/alarms/:id/acknowledge',
  'GET /api/audit',
  'POST /api/discovery',
  'GET /api/discovery',
  'GET /api/transfer-policies',
  'POST /api/transfer-policies',
  'POST /api/transfer-policies/:name/revoke',
  'GET /api/transfers',
  'POST /api/exports/:id/transfers',
  'POST /api/transfers/:id/approve',
  'POST /api/exports/:id/download',
  'GET /api/downloads/:token',
  'POST /api/cameras/:id/playback',
  'POST /api/playback/:sessionId/end',
  'GET /api/cameras/:id/segments',
  'GET /api/segments/:segmentId',
  'GET /api/masks/cost',
  'GET /api/holds',
  'POST /api/holds',
  'POST /api/holds/:id/release',
  'GET /api/requests',
  'POST /api/requests',
  'POST /api/requests/:id/extend',
  'POST /api/requests/:id/close',
  'GET /api/compliance',
  'GET /api/compliance/signage.html',
  'GET /api/compliance/report.html',
  'POST /api/compliance/signage/:camera/confirm',
  'GET /api/storage',
  'GET /api/network',
  'POST /api/network/cameras/:id/onvif-audit',
  'POST /api/network/cameras/:id/onvif-fix',
  'GET /api/time',
  'GET /api/audit/verification',
  'POST /api/audit/verify',
  'POST /api/exports',
  'GET /api/exports',
  'GET /api/exports/:id',
  'POST /api/exports/:id/verify',
  'GET /api/exports/:id/events',
];

/** The route pattern a concrete request hits, or undefined. */
export function routeOf(method: string, path: string): string | undefined {
  const bare = path.split('?')[0] as string;
  return API_ROUTES.find((r) => {
    const [m, pattern = ''] = r.split(' ');
    return m === method && new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '[^/]+')}$`).test(bare);
  });
}
