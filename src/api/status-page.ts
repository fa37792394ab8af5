import type { HealthReport } from './health.js';

/**
 * The first page an owner sees: which cameras record and what is wrong, in
 * plain words. Server-rendered, no script, no outside resource; it refreshes
 * itself. The full dashboard (web/) grows on top of the same API.
 */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function renderStatusPage(health: HealthReport): string {
  const rows = health.cameras
    .map(
      (c) => `<tr><th scope="row">${escapeHtml(c.name)} <small>(${escapeHtml(c.id)})</small></th>
<td class="${c.recording ? 'ok' : 'bad'}">${c.recording ? 'Recording' : 'Not recording'}</td>
<td>${c.lastSegmentAt ? escapeHtml(c.lastSegmentAt.replace('T', ' ').slice(0, 19)) + ' UTC' : '—'}</td>
<td>${c.bitrateBps ? `${(c.bitrateBps / 1e6).toFixed(2)} Mbit/s` : '—'}</td>
<td>${c.restarts}</td>
<td>${escapeHtml(c.notRecordingReason ?? '')}</td></tr>`,
    )
    .join('\n');
  const alarms = health.alarms.length
    ? `<section class="alarms" role="alert"><h2>Alarms</h2><ul>${health.alarms
        .map((a) => `<li class="${escapeHtml(a.severity)}">${escapeHtml(a.message)} <small>since ${escapeHtml(a.raisedAt.slice(0, 19).replace('T', ' '))} UTC</small></li>`)
        .join('')}</ul></section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>Premises</title>
<style>
body{font:16px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%;max-width:60rem}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd}
.ok{color:#0a6b1f;font-weight:600}.bad{color:#a40000;font-weight:600}
.alarms{background:#fff3f3;border:2px solid #a40000;padding:.5rem 1rem;margin-bottom:1rem;max-width:60rem}
small{color:#666}
</style></head><body>
<h1>Premises <small>${health.status === 'ok' ? 'all cameras recording' : 'attention needed'}</small></h1>
${alarms}
<table><thead><tr><th>Camera</th><th>State</th><th>Last segment</th><th>Bitrate</th><th>Restarts</th><th>Why not recording</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">No cameras configured yet. Add one under <code>cameras:</code> in the configuration.</td></tr>'}
</tbody></table>
<p><small>Premises ${escapeHtml(health.version)} · ${escapeHtml(health.time)} · footage leaves this machine only under a logged transfer policy</small></p>
</body></html>`;
}
