import { containmentReportText, signNetworkClaim } from '../../containment/status.js';
import type { Router } from 'express';
import { auditSummary } from '../../audit/entries.js';
import { MaskStateStore, maskingText } from '../../recorder/camera-masks.js';
import { withIndexCameras } from '../../policy/consent/cameras.js';
import { listCameras } from '../../cameras/registry.js';
import { getCameraScope } from '../../cameras/scope.js';
import { transferReportText, transferSignText } from '../../policy/consent/transfer-signs.js';
import type { CameraConfig } from '../../config/schema.js';
import { auditVerificationSection } from '../../audit/verification.js';
import { holdsSection } from '../../policy/retention/holds.js';
import { decideCamera } from '../../policy/consent/decision.js';
import { gateVerdict } from '../../policy/consent/gates.js';
import { jurisdictionProfile } from '../../policy/consent/profile.js';
import { renderReport } from '../../policy/consent/report.js';
import { reportMarkdownToHtml } from '../../policy/consent/report-html.js';
import { allSigns, signInputsFromConfig, signsFor, type SignSelection } from '../../policy/consent/signage.js';
import { defaultPaper, renderSignsHtml } from '../../policy/consent/signage-html.js';
import { complianceAnswer, signAnswer } from '../../policy/consent/sign-answer.js';
import { describeSignStatus, SignageStore, type SignStatus } from '../../policy/consent/signage-store.js';
import { NEVER_RECORDED_AREAS } from '../../policy/consent/gates.js';
import { PauseStore } from '../../policy/consent/pause.js';
import { describeSchedule } from '../../policy/consent/schedule.js';
import { retentionText } from '../../config/retention.js';
import { retentionSettings } from '../../policy/retention/settings.js';
import { PremisesError } from '../../shared/errors.js';
import { allow } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import { SignConfirmBody } from '../contracts/exports.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';
import { iso } from './pages-util.js';
import { containmentFact, maskingWay, staffDpiaCompliance, staffDpiaReportSections } from '../staff-dpia-inputs.js';
import { documentLanguage, documentLanguages } from '../../policy/consent/document-language.js';
import { REPORT_TEXT } from '../../policy/consent/report-text.js';

/**
 * Compliance: each camera's purposes, area, gates, retention against the
 * jurisdiction cap, audio, masks, schedule and sign status; the printable
 * signs and record of processing from the existing renderers; and the
 * confirmation that a reprinted sign is posted (as `premises signage
 * confirm`). Signs cover the cameras of the configuration file, exactly as
 * the CLI and the daemon's staleness check compute them.
 */
/** The printable pages carry their own inline style and nothing else. */
export const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Sign status as the page shows it: fresh when the posted sign says what the configuration says. */
function freshness(s: SignStatus | undefined): 'fresh' | 'stale' | 'unconfirmed' | 'missing' | 'not-covered' {
  if (!s) return 'not-covered';
  switch (s.status) {
    case 'current':
      return 'fresh';
    case 'stale':
      return 'stale';
    case 'unconfirmed':
      return 'unconfirmed';
    case 'missing':
      return 'missing';
  }
}

const signJson = (s: SignStatus) => ({
  key: s.key,
  camera: s.camera,
  status: freshness(s),
  sha256: s.currentSha256,
  text: describeSignStatus(s),
  posted: s.posted ? { at: iso(s.posted.confirmedAt), by: s.posted.confirmedBy } : null,
});

export function complianceRoutes(router: Router, d: RouteDeps): void {
  const config = d.loaded.config;
  // Per request: what signs say about transfers follows the transfer policies in force (docs/transfers.md).
  const inputsNow = () =>
    signInputsFromConfig(withIndexCameras(config, d.db), undefined, transferSignText(d.db, d.audit, d.clock), signNetworkClaim(d.db, config.cameraNetwork, d.clock.now()));
  const signage = new SignageStore(d.db, d.audit, d.clock);
  const pauses = new PauseStore(d.db, d.audit, d.clock);

  /** Config cameras, then cameras added at run time (their scope from the index), as the recorder sees them. */
  const cameras = (): { camera: CameraConfig; origin: 'config' | 'index' }[] => {
    const configIds = new Set(config.cameras.map((c) => c.id));
    const index = listCameras(d.db)
      .filter((c) => c.origin === 'index' && !configIds.has(c.id))
      .map((c) => ({ camera: { id: c.id, name: c.name, rtsp: c.rtspUrl ?? '', ...getCameraScope(d.db, c.id) }, origin: 'index' as const }));
    return [...config.cameras.map((camera) => ({ camera, origin: 'config' as const })), ...index];
  };

  const selection = (camera: string): SignSelection => {
    if (camera === 'all') return 'all';
    const found = withIndexCameras(config, d.db).cameras.find((c) => c.id === camera);
    if (!found) throw new PremisesError('NotFound', `no camera "${camera}"`);
    if (found.area !== undefined && NEVER_RECORDED_AREAS.includes(found.area)) {
      throw new PremisesError('FailedPrecondition', `camera "${camera}" is in a ${found.area} area, which Premises never records or streams: it needs no sign`);
    }
    return { camera };
  };

  router.get(
    '/api/compliance',
    (_req, res) => {
      allow(res, 'compliance.manage');
      const now = d.clock.now();
      const profile = jurisdictionProfile(config.jurisdiction);
      const settings = retentionSettings(config);
      const signs = signage.status(allSigns(inputsNow()));
      const byKey = new Map(signs.map((s) => [s.key, s]));
      const cameraViews = cameras().map(({ camera: c, origin }) => {
          const rule = settings.rules.get(c.id) ?? settings.defaultRule;
          const overCap = settings.capMaxAgeMs !== undefined && rule.maxAgeMs > settings.capMaxAgeMs;
          const verdict = gateVerdict(config, c);
          const decision = decideCamera(config, c, now, pauses.current(c.id, now));
          const sign = byKey.get(`notice:${c.id}`);
          const neverRecorded = c.area !== undefined && NEVER_RECORDED_AREAS.includes(c.area);
          return {
            id: c.id,
            name: c.name ?? c.id,
            origin,
            enabled: c.enabled,
            purposes: c.purposes ?? [],
            area: c.area ?? null,
            gates: verdict.failures.map((f) => ({ code: f.code, reason: f.reason, fix: f.fix })),
            mayRecordNow: decision.record,
            notRecordingBecause: decision.reasons.map((r) => r.message),
            retention: {
              maxAgeMs: rule.maxAgeMs,
              text: retentionText(rule.maxAgeMs),
              maxBytes: rule.maxBytes ?? null,
              capMs: settings.capMaxAgeMs ?? null,
              capText: profile.capText,
              overCap,
              justification: (origin === 'config' ? c.retention?.justification : undefined) ?? null,
            },
            audio: { on: c.audio, justification: c.audioJustification ?? null },
            masks: c.masks?.length ?? 0,
            schedule: describeSchedule(c.schedule, config.timezone),
            signage: neverRecorded
              ? { status: 'not-needed' as const, text: 'never recorded: no sign', sha256: null, posted: null, location: null, answer: null }
              : sign
                ? { ...signJson(sign), location: c.signage?.location ?? null, answer: signAnswer(sign, c.signage) }
                : {
                    status: 'not-covered' as const,
                    text: 'added at run time: the printed signs cover the cameras of the configuration file; put a sign up by hand',
                    sha256: null,
                    posted: null,
                    location: c.signage?.location ?? null,
                    answer: signAnswer(undefined, c.signage),
                  },
          };
        });
      const staleSigns = signs.filter((s) => s.status === 'stale').map((s) => s.key);
      res.json({
        business: config.business ? { name: config.business.name, contact: config.business.contact.name } : null,
        jurisdiction: { id: config.jurisdiction, label: profile.label, defaultRetention: profile.defaultRetention.text, cap: profile.capText, capMs: settings.capMaxAgeMs ?? null, accessDeadline: profile.accessDeadline },
        timezone: config.timezone,
        // One answer to "am I compliant?", the same as premises report prints (policy/consent/sign-answer.ts).
        answer: complianceAnswer(
          cameraViews.map((c) => ({ id: c.id, enabled: c.enabled, gateFailures: c.gates.map((g) => g.reason), sign: c.signage.answer })),
          staleSigns,
        ),
        cameras: cameraViews,
        signs: signs.map(signJson),
        staleSigns,
        // The languages the record of processing can be printed in, and the one the law asks for first.
        documentLanguages: documentLanguages(config),
        // Reminders beside the signs: staff notices to (re-)acknowledge, the assessment's review, routine viewing.
        ...staffDpiaCompliance({ config, db: d.db, audit: d.audit, clock: d.clock }),
      });
    },
  );

  router.get(
    '/api/compliance/signage.html',
    (req, res) => {
      allow(res, 'compliance.manage');
      const camera = typeof req.query['camera'] === 'string' ? req.query['camera'] : 'all';
      if (!config.business) {
        throw new PremisesError('FailedPrecondition', `a sign must name the business and who to contact: add business: {name, address, contact} to ${d.loaded.path} first`);
      }
      const paperRaw = req.query['paper'];
      const paper = paperRaw === 'a4' || paperRaw === 'letter' ? paperRaw : defaultPaper(config.jurisdiction);
      const html = renderSignsHtml(signsFor(inputsNow(), selection(camera)), paper, `${config.business.name}: privacy notices`);
      res.setHeader('Content-Security-Policy', PRINT_CSP);
      res.type('html').send(html);
    },
  );

  router.get(
    '/api/compliance/report.html',
    (req, res) => {
      allow(res, 'compliance.manage');
      const lang = documentLanguage(config, typeof req.query['lang'] === 'string' ? req.query['lang'] : undefined, 'lang');
      const now = d.clock.now();
      const masks = new MaskStateStore(d.db, d.audit, d.clock);
      const deps = { config, db: d.db, audit: d.audit, clock: d.clock };
      const signText = transferSignText(d.db, d.audit, d.clock);
      const markdown = renderReport({
        config,
        retentionOf: inputsNow().retentionOf,
        signs: signage.status(allSigns(inputsNow())),
        pauses: pauses.active(),
        audit: auditSummary(d.db),
        generatedAt: now,
        transfers: transferReportText(d.db, d.audit, d.clock),
        containment: containmentReportText(d.db, config.cameraNetwork, d.clock.now()),
        ...(signText ? { recipients: signText.recipients } : {}),
        holds: holdsSection(d.db, d.audit, d.clock),
        maskingOf: (id) => maskingText(masks.get(id)),
        maskingWayOf: (id) => maskingWay(masks.get(id)),
        containmentFact: containmentFact(deps, now),
        ...(signText ? { transferList: signText.list } : {}),
        lang,
        auditVerification: auditVerificationSection(d.db),
        ...staffDpiaReportSections(deps, lang),
      });
      res.setHeader('Content-Security-Policy', PRINT_CSP);
      res.type('html').send(reportMarkdownToHtml(markdown, REPORT_TEXT[lang].pageTitle(config.business?.name ?? 'Premises'), lang));
    },
  );

  // Printed and posted: records the print of what the configuration says now and confirms it, as
  // `premises signage` followed by `premises signage confirm`. The page sends the hashes it showed, so a
  // sign that changed since it was opened is refused rather than confirmed unseen.
  router.post(
    '/api/compliance/signage/:camera/confirm',
    (req, res) => {
      const user = allow(res, 'compliance.manage');
      const signs = signsFor(inputsNow(), selection(req.params['camera']));
      const { sha256: seenMap } = bodyOf(req, SignConfirmBody);
      for (const s of signs) {
        if (seenMap[s.key] !== s.sha256) {
          throw new PremisesError('FailedPrecondition', `sign ${s.key} changed since it was printed (or was not printed): open the signs again, print and post them, then confirm`);
        }
      }
      const actor = actorOf(user);
      const statuses = d.db.transaction(() => {
        const pending = new Set(signage.status(signs).filter((s) => s.pendingPrintId !== undefined || s.status === 'current').map((s) => s.key));
        const toRecord = signs.filter((s) => !pending.has(s.key));
        if (toRecord.length > 0) signage.recordPrints(toRecord, actor, 'dashboard');
        signage.confirm(signs, actor);
        return signage.recordStaleness(allSigns(inputsNow()), d.alarms);
      })();
      const confirmed = new Set<string>(signs.map((s) => s.key));
      res.json({ signs: statuses.filter((s) => confirmed.has(s.key)).map(signJson), staleSigns: statuses.filter((s) => s.status === 'stale').map((s) => s.key) });
    },
  );
}
