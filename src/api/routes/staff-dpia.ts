import type { Router } from 'express';
import { DPIA_QUESTIONS, dpiaTitle, renderDpia } from '../../policy/consent/dpia.js';
import { documentLanguage, documentLanguages } from '../../policy/consent/document-language.js';
import { DpiaStore } from '../../policy/consent/dpia-store.js';
import { reportMarkdownToHtml } from '../../policy/consent/report-html.js';
import { renderStaffNotice, shortVersion } from '../../policy/consent/staff-notice.js';
import { StaffStore, STAFF_AREAS, staffReminder, type StaffNoticeStatus } from '../../policy/consent/staff-store.js';
import { LANGUAGE_CODES } from '../../shared/languages.js';
import { allow } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import { DpiaAnswerBody, NewStaffBody, StaffAckBody } from '../contracts/staff.js';
import { currentDpiaFacts, dpiaRequired, dpiaReviewNow, noticeFor, staffAreasInUse, staffStatuses, type StaffDpiaDeps } from '../staff-dpia-inputs.js';
import { bodyOf } from '../validate.js';
import { PRINT_CSP } from './compliance.js';
import type { RouteDeps } from './deps.js';
import { idParam, iso } from './pages-util.js';

/**
 * Staff notices and the privacy impact assessment, for the owner only: staff
 * names and the owner's reasoning are theirs to manage. An employee's
 * acknowledgement is the paper they signed, recorded here by the owner with
 * the version printed on it (docs/staff-dpia.md says why there is no
 * employee-facing link).
 */
function statusJson(s: StaffNoticeStatus) {
  return {
    id: s.member.id,
    name: s.member.name,
    role: s.member.role,
    areas: s.member.areas,
    language: s.member.language,
    addedAt: iso(s.member.addedAt),
    notice: { version: s.notice.version, short: shortVersion(s.notice.version), cameras: s.notice.content.cameras.map((c) => c.id) },
    state: s.state,
    lastAck: s.lastAck ? { version: s.lastAck.version, signedOn: s.lastAck.signedOn, recordedAt: iso(s.lastAck.recordedAt), recordedBy: s.lastAck.recordedBy } : null,
  };
}

export function staffDpiaRoutes(router: Router, d: RouteDeps): void {
  const deps: StaffDpiaDeps = { config: d.loaded.config, db: d.db, audit: d.audit, clock: d.clock };
  const staff = new StaffStore(d.db, d.audit, d.clock);
  const dpia = new DpiaStore(d.db, d.audit, d.clock);

  router.get('/api/staff', (_req, res) => {
    allow(res, 'staff.manage');
    const statuses = staffStatuses(deps);
    res.json({ staff: statuses.map(statusJson), reminder: staffReminder(statuses).text, areas: STAFF_AREAS, areasInUse: staffAreasInUse(deps), languages: LANGUAGE_CODES });
  });

  router.post('/api/staff', (req, res) => {
    const user = allow(res, 'staff.manage');
    const body = bodyOf(req, NewStaffBody);
    const member = staff.add(body, actorOf(user));
    const status = staffStatuses(deps).find((s) => s.member.id === member.id);
    res.status(201).json(status ? statusJson(status) : { id: member.id });
  });

  router.post('/api/staff/:id/left', (req, res) => {
    const user = allow(res, 'staff.manage');
    const m = staff.markLeft(idParam(req.params['id'], 'staff'), actorOf(user));
    res.json({ id: m.id, name: m.name, leftAt: iso(m.leftAt) });
  });

  router.get('/api/staff/:id/notice.html', (req, res) => {
    allow(res, 'staff.manage');
    const member = staff.get(idParam(req.params['id'], 'staff'));
    const notice = noticeFor(deps, member);
    res.setHeader('Content-Security-Policy', PRINT_CSP);
    res.type('html').send(reportMarkdownToHtml(renderStaffNotice(notice), `Staff notice: ${member.name}`, member.language));
  });

  router.post('/api/staff/:id/acknowledge', (req, res) => {
    const user = allow(res, 'staff.manage');
    const member = staff.get(idParam(req.params['id'], 'staff'));
    const body = bodyOf(req, StaffAckBody);
    const ack = staff.acknowledge(noticeFor(deps, member), { version: body.version, signedOn: body.signed }, actorOf(user));
    res.status(201).json({ id: member.id, version: ack.version, signedOn: ack.signedOn, recordedAt: iso(ack.recordedAt), recordedBy: ack.recordedBy });
  });

  router.get('/api/dpia', (_req, res) => {
    allow(res, 'dpia.manage');
    const facts = currentDpiaFacts(deps);
    const answers = dpia.answers();
    const required = new Set(dpiaRequired(deps));
    res.json({
      questions: DPIA_QUESTIONS.map((q) => ({
        ...q,
        required: required.has(q.key),
        answer: answers[q.key] ? { text: answers[q.key]?.answer, at: iso(answers[q.key]?.answeredAt ?? null), by: answers[q.key]?.answeredBy } : null,
      })),
      facts,
      review: (({ state, dueAt, text }) => ({ state, dueAt: iso(dueAt), text }))(dpiaReviewNow(deps, facts)),
      versions: dpia.versions().map((v) => ({ version: v.version, savedAt: iso(v.savedAt), savedBy: v.savedBy, sha256: v.sha256 })),
      // The languages the printed assessment is offered in; the default is the one the law asks for.
      documentLanguages: documentLanguages(d.loaded.config),
    });
  });

  router.put('/api/dpia/answers/:question', (req, res) => {
    const user = allow(res, 'dpia.manage');
    const { answer } = bodyOf(req, DpiaAnswerBody);
    dpia.answer(req.params['question'] ?? '', answer, actorOf(user));
    res.json({ question: req.params['question'], answered: answer.trim().length > 0 });
  });

  router.post('/api/dpia/versions', (_req, res) => {
    const user = allow(res, 'dpia.manage');
    const saved = dpia.save(currentDpiaFacts(deps), dpiaRequired(deps), actorOf(user));
    res.status(201).json({ version: saved.version, savedAt: iso(saved.savedAt), savedBy: saved.savedBy, sha256: saved.sha256 });
  });

  router.get('/api/dpia.html', (req, res) => {
    allow(res, 'dpia.manage');
    const raw = req.query['version'];
    const { jurisdiction, timezone } = d.loaded.config;
    const lang = documentLanguage(d.loaded.config, typeof req.query['lang'] === 'string' ? req.query['lang'] : undefined, 'lang');
    let markdown: string;
    if (typeof raw === 'string' && raw !== '') {
      const saved = dpia.get(idParam(raw, 'assessment version'));
      markdown = renderDpia(saved.facts, saved.answers, { generatedAt: d.clock.now(), jurisdiction, timezone, lang, saved });
    } else {
      const facts = currentDpiaFacts(deps);
      markdown = renderDpia(facts, dpia.answerTexts(), { generatedAt: d.clock.now(), jurisdiction, timezone, lang, review: dpiaReviewNow(deps, facts) });
    }
    res.setHeader('Content-Security-Policy', PRINT_CSP);
    res.type('html').send(reportMarkdownToHtml(markdown, dpiaTitle(lang, jurisdiction), lang));
  });
}
