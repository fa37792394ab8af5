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
  'POST /api/password',
  'GET /api/cameras',
  'GET /api/cameras/:id',
  'GET /api/cameras/:id/timeline',
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
];

/** The route pattern a concrete request hits, or undefined. */
export function routeOf(method: string, path: string): string | undefined {
  const bare = path.split('?')[0] as string;
  return API_ROUTES.find((r) => {
    const [m, pattern = ''] = r.split(' ');
    return m === method && new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '[^/]+')}$`).test(bare);
  });
}
