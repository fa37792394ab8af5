import type { Jurisdiction } from '../../config/schema.js';
import type { NoticeContent, PolicyContent, Sign, StaffContent } from './signage.js';

/**
 * Signs as printable HTML: one page per sign, self-contained (inline CSS and
 * SVG only, no external resource of any kind). Layout only: what a sign says
 * is decided in signage.ts, and only that is hashed.
 */

export type Paper = 'a4' | 'letter';

/** North American profiles print on Letter, the rest on A4. */
export function defaultPaper(j: Jurisdiction): Paper {
  return j === 'CA-BC' || j === 'CA' ? 'letter' : 'a4';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

const e = escapeHtml;

const CAMERA_ICON =
  '<svg class="icon" viewBox="0 0 64 40" role="img" aria-label="camera"><rect x="2" y="6" width="42" height="28" rx="4" fill="#000"/>' +
  '<polygon points="46,14 62,6 62,34 46,26" fill="#000"/><circle cx="23" cy="20" r="8" fill="#fff"/></svg>';

function list(items: readonly string[], empty: string): string {
  return items.length === 0 ? `<p class="warn">${e(empty)}</p>` : `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
}

const NO_BUSINESS = '<p class="warn">No business profile is configured yet: no camera records until one exists.</p>';

function renderNotice(c: NoticeContent): string {
  const b = c.business;
  return `<section class="page notice">
<header>${CAMERA_ICON}<h1>Video recording in use${c.audio ? ' <span class="audio">with sound (audio)</span>' : ''}</h1></header>
<p class="lead">${e(c.camera.name)}${c.camera.area ? ` &middot; ${e(c.camera.area)} area` : ''}</p>
<p class="audio-line">Audio: <strong>${c.audio ? 'YES: conversations here are recorded' : 'no, sound is not recorded'}</strong></p>
<h2>Why we record</h2>
${list(c.purposes, 'No purpose is stated yet: this camera does not record until one is.')}
<h2>Footage is kept for</h2><p><strong>${e(c.retention)}</strong>, then deleted automatically. Recording: ${e(c.when)}.</p>
<h2>Footage of you</h2><p>${e(c.accessRoute)}</p>
<h2>Does footage go anywhere else?</h2><p>${e(c.transfers)}</p>
<h2>Responsible for this camera</h2>
${b ? `<p><strong>${e(b.name)}</strong>, ${e(b.address)}<br>Contact: ${e(b.contact.name)}${b.contact.email ? `, ${e(b.contact.email)}` : ''}${b.contact.phone ? `, ${e(b.contact.phone)}` : ''}</p>` : NO_BUSINESS}
<p class="more">More information: ${e(c.moreInfo)}</p>
</section>`;
}

function renderPolicy(c: PolicyContent): string {
  const gdpr = c.cameras.some((cam) => cam.legalBasis !== null);
  const rows = c.cameras
    .map(
      (cam) => `<tr><td>${e(cam.name)}<br><small>${e(cam.id)}</small></td><td>${e(cam.area ?? 'not set')}</td><td>${cam.purposes.length ? cam.purposes.map(e).join('<br>') : '<em>none stated: does not record</em>'}</td>` +
        `<td>${e(cam.retention)}</td><td>${cam.audio ? 'yes' : 'no'}</td><td>${e(cam.when)}</td>${gdpr ? `<td>${e(cam.legalBasis ?? '')}</td>` : ''}</tr>`,
    )
    .join('\n');
  const b = c.business;
  return `<section class="page policy">
<h1>Video surveillance policy</h1>
${b ? `<p><strong>${e(b.name)}</strong>, ${e(b.address)}. Accountable person: ${e(b.contact.name)}${b.contact.email ? `, ${e(b.contact.email)}` : ''}${b.contact.phone ? `, ${e(b.contact.phone)}` : ''}.</p>` : NO_BUSINESS}
<p>Privacy law applied: ${e(c.jurisdiction)}.</p>
<h2>Cameras</h2>
<table><thead><tr><th>Camera</th><th>Area</th><th>Purposes</th><th>Kept for</th><th>Audio</th><th>Recording</th>${gdpr ? '<th>Legal basis</th>' : ''}</tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Who may view footage</h2>${list(c.viewers, '')}
<p>Recorded footage is reviewed only to investigate an incident, never routinely.</p>
<h2>Asking for footage of yourself</h2><p>${e(c.accessRoute)} We answer within ${e(c.accessDeadline)}.</p>
<h2>Complaints</h2><p>${e(c.complaints)}</p>
<h2>Who receives footage</h2><p>${e(c.recipients)}</p>
<h2>Transfers</h2><p>${e(c.transfers)}</p>
</section>`;
}

function renderStaff(c: StaffContent): string {
  const rows = c.cameras
    .map(
      (cam) => `<tr><td>${e(cam.name)}</td><td>${e(cam.area ?? 'not set')}${cam.workArea ? ' <strong>(work area)</strong>' : ''}</td><td>${cam.purposes.length ? cam.purposes.map(e).join('<br>') : '<em>none stated: does not record</em>'}</td><td>${cam.audio ? 'yes' : 'no'}</td><td>${e(cam.when)}</td></tr>`,
    )
    .join('\n');
  const b = c.business;
  return `<section class="page staff">
<h1>Notice to staff: cameras at work</h1>
${b ? `<p><strong>${e(b.name)}</strong>. Responsible: ${e(b.contact.name)}${b.contact.email ? `, ${e(b.contact.email)}` : ''}${b.contact.phone ? `, ${e(b.contact.phone)}` : ''}.</p>` : NO_BUSINESS}
<p>You are the people these cameras see most. This is what they do.</p>
<table><thead><tr><th>Camera</th><th>Area</th><th>Purposes</th><th>Audio</th><th>Recording</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Footage and decisions about you</h2><p>${e(c.decisions)}</p>
<h2>How long footage is kept</h2><p>${e(c.retention)}, then deleted automatically.</p>
<h2>Your access</h2><p>${e(c.access)}</p>
</section>`;
}

function renderSign(sign: Sign): string {
  const c = sign.content;
  switch (c.kind) {
    case 'notice':
      return renderNotice(c);
    case 'policy':
      return renderPolicy(c);
    case 'staff':
      return renderStaff(c);
  }
}

function css(paper: Paper): string {
  // Content is sized for the common area of A4 and Letter, so either prints on one page per sign.
  return `@page{size:${paper === 'a4' ? 'A4' : 'letter'};margin:12mm}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#000;background:#fff;margin:0;font-size:11pt;line-height:1.35}
.page{max-width:186mm;margin:0 auto;padding:6mm 0;page-break-after:always;break-after:page}
.page:last-child{page-break-after:auto;break-after:auto}
header{display:flex;align-items:center;gap:6mm;border-bottom:2mm solid #000;padding-bottom:3mm}
.icon{width:28mm;height:18mm;flex:none}
.notice h1{font-size:30pt;margin:0;line-height:1.1}
.audio{display:block;font-size:20pt}
.lead{font-size:14pt;margin:3mm 0}
.audio-line{font-size:14pt}
h1{font-size:20pt}
h2{font-size:13pt;margin:4mm 0 1mm}
.notice ul{font-size:13pt;margin:1mm 0}
.notice p{font-size:12.5pt;margin:1mm 0}
table{border-collapse:collapse;width:100%;font-size:9.5pt}
th,td{border:0.3mm solid #000;padding:1.5mm;vertical-align:top;text-align:left}
.warn{font-weight:bold}
.more{margin-top:5mm;font-style:italic}
@media screen{body{background:#ddd}.page{background:#fff;padding:12mm;margin:8mm auto;max-width:210mm}}`;
}

/** A complete, self-contained HTML document with one page per sign. */
export function renderSignsHtml(signs: readonly Sign[], paper: Paper, title = 'Premises signage'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(title)}</title>
<style>${css(paper)}</style>
</head>
<body>
${signs.map(renderSign).join('\n')}
</body>
</html>
`;
}
