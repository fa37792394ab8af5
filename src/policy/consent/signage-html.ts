import type { Jurisdiction } from '../../config/schema.js';
import type { NoticeBlock, NoticeContent, Para, PolicyContent, PolicyPage, Sign, SignSection, StaffContent } from './signage.js';

/**
 * Signs as printable HTML: one page per sign, self-contained (inline CSS and
 * SVG only, no external resource of any kind). Layout only: what a sign says
 * is decided in signage.ts, and only that is hashed.
 */

export type Paper = 'a4' | 'letter';

/** North American profiles print on Letter, the rest on A4. */
export function defaultPaper(j: Jurisdiction): Paper {
  return j === 'CA-BC' || j === 'CA' || j === 'QC' ? 'letter' : 'a4';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

const e = escapeHtml;

const CAMERA_ICON =
  '<svg class="icon" viewBox="0 0 64 40" role="img" aria-label="camera"><rect x="2" y="6" width="42" height="28" rx="4" fill="#000"/>' +
  '<polygon points="46,14 62,6 62,34 46,26" fill="#000"/><circle cx="23" cy="20" r="8" fill="#fff"/></svg>';

const NO_BUSINESS = '<p class="warn">No business profile is configured yet: no camera records until one exists.</p>';

function para(p: Para): string {
  return `<p>${p.label ? e(p.label) : ''}${p.strong ? `<strong>${e(p.strong)}</strong>` : ''}${e(p.text)}</p>`;
}

function section(s: SignSection): string {
  const items = s.list ? `<ul>${s.list.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` : '';
  return `<div class="field" data-field="${e(s.field)}">${s.heading ? `<h2>${e(s.heading)}</h2>` : ''}${items}${s.paras.map(para).join('')}</div>`;
}

function noticeBlock(b: NoticeBlock, main: boolean): string {
  return `<div class="lang-block ${main ? 'main' : 'other'}" lang="${b.lang}" data-lang="${b.lang}">
<header>${main ? CAMERA_ICON : ''}<h1>${e(b.title)}${b.audioTitle ? ` <span class="audio">${e(b.audioTitle)}</span>` : ''}</h1></header>
<p class="lead">${e(b.lead)}</p>
${b.sections.map(section).join('\n')}
</div>`;
}

/**
 * The main language first and full size; the others after it in smaller
 * type, so every chosen language fits one page. Where the main language must
 * be markedly predominant (QC), the others are set in exactly half its type
 * size, in a band at most a third of the page: the safe harbour of Quebec's
 * regulation on marked predominance (twice the type, twice the space).
 */
function renderNotice(c: NoticeContent): string {
  // Keep in step with css(): the main block's size, and the others' (exactly half of it under predominance).
  const [main, ...others] = c.blocks;
  if (!main) return '';
  const cls = others.length === 0 ? '' : c.predominant ? ' multi predominant' : ` multi others-${others.length}`;
  return `<section class="page notice${cls}" lang="${main.lang}">
${noticeBlock(main, true)}
${others.length ? `<div class="others">${others.map((b) => noticeBlock(b, false)).join('\n')}</div>` : ''}
</section>`;
}

function renderPolicyPage(p: PolicyPage): string {
  return `<section class="page policy" lang="${p.lang}" data-lang="${p.lang}">
<h1>${e(p.title)}</h1>
${p.intro.map(para).join('\n')}
<table><thead><tr>${p.table.head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>
<tbody>
${p.table.rows.map((r) => `<tr>${r.map((cell) => `<td>${cell.split('\n').map(e).join('<br>')}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
${p.sections.map(section).join('\n')}
</section>`;
}

function renderPolicy(c: PolicyContent): string {
  return c.pages.map(renderPolicyPage).join('\n');
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
body{font-family:"DejaVu Sans","Noto Sans CJK SC","Noto Sans CJK TC","WenQuanYi Zen Hei",Arial,Helvetica,sans-serif;color:#000;background:#fff;margin:0;font-size:11pt;line-height:1.35}
.page{max-width:186mm;margin:0 auto;padding:0;page-break-after:always;break-after:page}
.page:last-child{page-break-after:auto;break-after:auto}
header{display:flex;align-items:center;gap:0.5em;border-bottom:0.15em solid #000;padding-bottom:0.25em}
.icon{width:28mm;height:18mm;flex:none}
.notice .lang-block{font-size:11.5pt;line-height:1.3}
.notice.multi .main{font-size:10pt}
.notice .lang-block h1{font-size:2.4em;margin:0;line-height:1.1}
.notice .lang-block .audio{display:block;font-size:0.67em}
.notice .lang-block .lead{font-size:1.12em;margin:0.25em 0}
.notice .lang-block h2{font-size:1.04em;margin:0.3em 0 0.05em}
.notice .lang-block ul{margin:0.05em 0;padding-left:1.3em}
.notice .lang-block p{margin:0.05em 0}
.notice .field[data-field=moreInfo]{margin-top:0.4em;font-style:italic}
.notice .others{margin-top:4mm;border-top:0.3mm solid #000;padding-top:2mm;display:grid;grid-template-columns:1fr;gap:3mm}
.notice .others .icon{display:none}
.notice.others-1 .other{font-size:7pt}
.notice.others-2 .others{grid-template-columns:1fr 1fr}
.notice.others-2 .other{font-size:5pt}
.notice.others-2 .main{font-size:9pt}
.notice.predominant .others{grid-template-columns:repeat(auto-fit,minmax(60mm,1fr))}
.notice.predominant .other{font-size:5pt;column-count:2;column-gap:4mm}
.notice.predominant .other header{column-span:all}
h1{font-size:20pt}
h2{font-size:13pt;margin:4mm 0 1mm}
.policy{font-size:10pt}
.policy h1{font-size:18pt;margin:0 0 2mm}
.policy h2{font-size:11.5pt;margin:3mm 0 0.5mm}
.policy p,.policy ul{margin:0.5mm 0}
table{border-collapse:collapse;width:100%;font-size:9.5pt}
th,td{border:0.3mm solid #000;padding:1.5mm;vertical-align:top;text-align:left}
.warn{font-weight:bold}
.more{margin-top:5mm;font-style:italic}
@media screen{body{background:#ddd}.page{background:#fff;padding:12mm;margin:8mm auto;max-width:210mm}}`;
}

/** A complete, self-contained HTML document with one page per sign. */
export function renderSignsHtml(signs: readonly Sign[], paper: Paper, title = 'Premises signage'): string {
  return `<!doctype html>
<html lang="${signs[0]?.content.kind === 'notice' ? (signs[0].content.languages[0] ?? 'en') : 'en'}">
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
