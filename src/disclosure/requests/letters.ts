import type { Config } from '../../config/schema.js';
import { defaultPaper, escapeHtml as e, type Paper } from '../../policy/consent/signage-html.js';
import { SIGN_WORDS } from '../../policy/consent/sign-text.js';
import { PremisesError } from '../../shared/errors.js';
import type { Language } from '../../shared/languages.js';
import type { Disclosure } from '../export/disclosures.js';
import { LETTER_WORDS } from './letter-text.js';
import { effectiveDue, type AccessRequest } from './requests.js';

/**
 * Letters to the person who asked for footage of themselves, in their
 * language: the acknowledgement (received, footage held, the date the answer
 * is due) and the response (the footage enclosed or that none is held, why it
 * was recorded, to whom it was disclosed, their rights and where to
 * complain). Pure: the command gathers the inputs. The page is
 * self-contained like the signs (inline CSS, no external resource).
 */
export type LetterKind = 'acknowledgement' | 'response';

export interface LetterInputs {
  kind: LetterKind;
  lang: Language;
  request: AccessRequest;
  config: Pick<Config, 'business' | 'jurisdiction' | 'timezone'>;
  /** Local date of the letter, YYYY-MM-DD. */
  today: string;
  /** The purposes of each camera named in the request, as the owner wrote them. */
  purposesOf: (cameraId: string) => readonly string[];
  /** Response: earlier disclosures of this footage (disclosure/export/disclosures.ts). */
  disclosures?: readonly Disclosure[];
  /** Response: the export sent with the letter; absent with `noneFound`. */
  exportId?: string;
  /** Response: what the enclosed export holds and how its recipient checks it (letter-issue.ts reads them). */
  enclosed?: EnclosedExport;
  noneFound?: boolean;
  /** The paper the page is laid out for; the profile's usual one when absent (as the signs). */
  paper?: Paper;
}

export interface EnclosedExport {
  files: number;
  cameras: readonly string[];
  fromMs: number;
  toMs: number;
  /** sha256 of manifest.json, hex. */
  manifestSha256: string;
  /** The signing key's fingerprint, grouped for reading (`ab12 cd34 …`). */
  fingerprint: string;
}

/** A UTC instant as the business's local date and time, "2026-11-20 14:05". */
function localTime(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

/**
 * Sized for the common area of A4 and Letter (174 mm wide inside 18 mm side margins, 12 mm as the signs top and bottom), so a letter laid out for one
 * paper prints on the other too; on screen it shows as a sheet, as the signs do. Local fonts only.
 */
function letterCss(paper: Paper): string {
  return `@page{size:${paper === 'a4' ? 'A4' : 'letter'};margin:12mm 18mm}
body{font-family:"DejaVu Sans","Noto Sans CJK SC","Noto Sans CJK TC","WenQuanYi Zen Hei",Arial,sans-serif;font-size:10pt;line-height:1.3;max-width:174mm;margin:0 auto;color:#000;background:#fff}
p{margin:0 0 1.4mm}ul{margin:0 0 1.4mm;padding-left:6mm}
.head{display:flex;justify-content:space-between;gap:6mm;margin-bottom:4mm}.meta{margin:0;flex:none;text-align:right}h1{font-size:11.5pt;margin:3mm 0}h2{font-size:10pt;margin:2.5mm 0 0.6mm}
.code{font-family:"DejaVu Sans Mono",monospace;font-size:8.5pt;overflow-wrap:anywhere;margin-left:6mm}
@media screen{html{background:#ddd}body{padding:12mm 18mm;margin:8mm auto;box-shadow:0 0 2mm #999}}`;
}

export function renderLetter(x: LetterInputs): string {
  const b = x.config.business;
  if (!b) throw new PremisesError('FailedPrecondition', 'a letter is signed by the business: add business: {name, address, contact} to the configuration first');
  if (x.kind === 'response' && x.exportId === undefined && !x.noneFound) {
    throw new PremisesError('InvalidArgument', 'a response encloses the footage (--export ID) or says none is held (--none)');
  }
  const w = LETTER_WORDS[x.lang];
  const profile = SIGN_WORDS[x.lang].profiles[x.config.jurisdiction];
  const r = x.request;
  const tz = x.config.timezone;
  const from = localTime(r.fromMs, tz);
  const to = localTime(r.toMs, tz);
  const cameras = r.cameras.join(', ');
  const contact = [b.contact.name, b.contact.email, b.contact.phone].filter(Boolean).join(', ');
  const p = (text: string) => `<p>${e(text)}</p>`;
  const body: string[] = [];
  if (x.kind === 'acknowledgement') {
    body.push(p(w.received(r.receivedOn, from, to, cameras)), p(w.held));
    body.push(p(r.extendedAt !== null ? w.extended(effectiveDue(r), r.extensionReason ?? '') : w.dueBy(r.dueOn, profile.accessDeadline)));
    body.push(p(w.identity), p(w.others));
  } else {
    body.push(p(w.youAsked(r.receivedOn, from, to, cameras)));
    body.push(p(x.exportId !== undefined ? `${w.enclosed(x.exportId)} ${w.others}` : w.noneFound));
    const n = x.enclosed;
    if (x.exportId !== undefined && n) {
      body.push(
        p(w.enclosedFacts(n.files, n.cameras.join(', '), localTime(n.fromMs, tz), localTime(n.toMs, tz))),
        `<h2>${e(w.verifyTitle)}</h2>`,
        p(w.verifyKey),
        `<p class="code">${e(n.fingerprint)}</p>`,
        p(w.manifestHash),
        `<p class="code">${e(n.manifestSha256)}</p>`,
        p(w.verifySteps),
      );
    }
    const purposes = [...new Set(r.cameras.flatMap((c) => x.purposesOf(c)))];
    if (purposes.length) body.push(`<h2>${e(w.whyTitle)}</h2><ul>${purposes.map((t) => `<li>${e(t)}</li>`).join('')}</ul>`);
    // The export enclosed with this very letter is not an earlier disclosure.
    const sent = (x.disclosures ?? []).filter((d) => !d.detailsErased && d.exportId !== x.exportId);
    body.push(
      `<h2>${e(w.recipientsTitle)}</h2>`,
      sent.length === 0
        ? p(w.recipientsNone)
        : `<ul>${sent.map((d) => `<li>${e(w.recipient(d.at.slice(0, 10), d.requestedBy ?? '', d.legalBasis ?? ''))}</li>`).join('')}</ul>`,
    );
  }
  if (profile.rights) body.push(`<h2>${e(w.rightsTitle)}</h2>`, p(profile.rights));
  body.push(p(w.complain(profile.regulator)), p(w.contactUs(contact)));
  const subject = x.kind === 'acknowledgement' ? w.ackSubject(r.id) : w.responseSubject(r.id);
  return `<!doctype html>
<html lang="${x.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(subject)}</title>
<style>${letterCss(x.paper ?? defaultPaper(x.config.jurisdiction))}</style>
</head>
<body>
<div class="head"><div class="from"><strong>${e(b.name)}</strong><br>${e(b.address)}<br>${e(contact)}</div>
<p class="meta">${e(w.date)}: ${e(x.today)}<br>${e(w.reference)}: ${r.id}</p></div>
<div class="to">${e(r.requester)}</div>
<h1>${e(subject)}</h1>
${p(w.greeting(r.requester))}
${body.join('\n')}
${p(w.signOff)}
<p><strong>${e(b.name)}</strong><br>${e(b.contact.name)}</p>
</body>
</html>
`;
}
