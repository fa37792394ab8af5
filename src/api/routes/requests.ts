import type { Router } from 'express';
import type { LetterKind } from '../../disclosure/requests/letters.js';
import type { Paper } from '../../policy/consent/signage-html.js';
import { AccessRequests, type AccessRequest } from '../../disclosure/requests/requests.js';
import { parseDate } from '../../disclosure/requests/deadline.js';
import { requestStatus } from '../../disclosure/requests/status.js';
import { letterLanguage, requesterLanguage } from '../../disclosure/requests/language.js';
import { exportsAnswering, issueLetter } from '../../disclosure/requests/letter-issue.js';
import { siteLanguages } from '../../config/site-languages.js';
import { businessDate } from '../../shared/local-date.js';
import { PremisesError } from '../../shared/errors.js';
import { allow } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import { CloseRequestBody, ExtendRequestBody, NewAccessRequestBody, RequestLanguageBody } from '../contracts/holds.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';
import { idParam, iso, knownCameras } from './pages-util.js';
import { PRINT_CSP } from './compliance.js';

/**
 * Access requests from people filmed, through the same store as `premises
 * request` (intake holds the candidate footage; the deadline comes from the
 * jurisdiction profile), and the letters to the requester as printable pages,
 * written and audited by the same function as `premises request letter`.
 * Owners and managers only: requests carry the requester's name and identity
 * check.
 */
export function requestRoutes(router: Router, d: RouteDeps): void {
  const requests = new AccessRequests(d.db, d.audit, d.clock);
  const today = () => businessDate(d.loaded.config.timezone, d.clock.now());
  const config = d.loaded.config;
  const json = (r: AccessRequest, day: string, answers = exportsAnswering(d.db)) => ({
    id: r.id,
    requester: r.requester,
    identityVerification: r.identityVerification,
    receivedOn: r.receivedOn,
    jurisdiction: r.jurisdiction,
    cameras: r.cameras,
    from: iso(r.fromMs),
    to: iso(r.toMs),
    description: r.description,
    dueOn: r.dueOn,
    deadlineRule: r.deadlineRule,
    createdBy: r.createdBy,
    createdAt: iso(r.createdAt),
    closed: r.closedAt === null ? null : { at: iso(r.closedAt), by: r.closedBy, outcome: r.outcome },
    holds: r.holdIds,
    language: r.language,
    letterLanguage: letterLanguage(config, r),
    exports: answers.get(r.id) ?? [],
    ...requestStatus(r, day),
  });

  router.get(
    '/api/requests',
    (req, res) => {
      allow(res, 'requests.manage');
      const day = today();
      const answers = exportsAnswering(d.db);
      res.json({
        today: day,
        jurisdiction: config.jurisdiction,
        languages: siteLanguages(config),
        requests: requests.list({ includeClosed: req.query['all'] === '1' }).map((r) => json(r, day, answers)),
      });
    },
  );

  router.post(
    '/api/requests',
    (req, res) => {
      const user = allow(res, 'requests.manage');
      const body = bodyOf(req, NewAccessRequestBody);
      const cameras = knownCameras(d.db, body.cameras);
      const { received: receivedOn, due } = body;
      const language = requesterLanguage(config, body.language, 'language');
      if (due !== undefined) {
        try {
          parseDate(due);
        } catch {
          throw new PremisesError('InvalidArgument', 'due must be a date like 2026-12-24');
        }
      }
      const r = requests.add(
        {
          requester: body.requester,
          identityVerification: body.identity,
          receivedOn,
          cameras,
          fromMs: body.from,
          toMs: body.to,
          description: body.description,
          jurisdiction: d.loaded.config.jurisdiction,
          ...(due !== undefined ? { customDue: due } : {}),
          language,
        },
        actorOf(user),
      );
      res.status(201).json({ request: json(r, today()) });
    },
  );

  router.post(
    '/api/requests/:id/extend',
    (req, res) => {
      const user = allow(res, 'requests.manage');
      const id = idParam(req.params['id'], 'request');
      const { reason } = bodyOf(req, ExtendRequestBody);
      const day = today();
      res.json({ request: json(requests.extend(id, reason, day, actorOf(user)), day) });
    },
  );

  router.post(
    '/api/requests/:id/close',
    (req, res) => {
      const user = allow(res, 'requests.manage');
      const id = idParam(req.params['id'], 'request');
      const { outcome } = bodyOf(req, CloseRequestBody);
      const r = requests.close(id, outcome, actorOf(user));
      // The overdue alarm goes with the request, as the daemon's minute check would do.
      requests.checkOverdue(d.alarms, today());
      res.json({ request: json(r, today()) });
    },
  );

  router.post(
    '/api/requests/:id/language',
    (req, res) => {
      const user = allow(res, 'requests.manage');
      const id = idParam(req.params['id'], 'request');
      const language = requesterLanguage(config, bodyOf(req, RequestLanguageBody).language, 'language');
      res.json({ request: json(requests.setLanguage(id, language, actorOf(user)), today()) });
    },
  );

  // A page the manager opens in a new tab to print, like the signs: self-contained, under the print CSP.
  router.get(
    '/api/requests/:id/letter.html',
    (req, res) => {
      const user = allow(res, 'requests.manage');
      const id = idParam(req.params['id'], 'request');
      const { kind, exportId, noneFound, paper } = letterQuery(req.query);
      const { html } = issueLetter(
        { db: d.db, audit: d.audit, clock: d.clock, config, keysDir: d.layout.keysDir },
        { requestId: id, kind, ...(exportId !== undefined ? { exportId } : {}), ...(noneFound ? { noneFound } : {}), ...(paper ? { paper } : {}) },
        actorOf(user),
      );
      res.setHeader('Content-Security-Policy', PRINT_CSP);
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(html);
    },
  );
}

/** `?kind=acknowledgement|response`, and for a response `export=ID` or `none=1`; `paper=a4|letter`. */
function letterQuery(q: Record<string, unknown>): { kind: LetterKind; exportId?: string; noneFound: boolean; paper?: Paper } {
  const str = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? q[k] : undefined);
  const kind = str('kind');
  if (kind !== 'acknowledgement' && kind !== 'response') throw new PremisesError('InvalidArgument', 'kind must be acknowledgement or response');
  const exportId = str('export');
  const noneFound = str('none') === '1';
  if (kind === 'acknowledgement' && (exportId !== undefined || noneFound)) throw new PremisesError('InvalidArgument', 'export and none are for kind=response');
  if (kind === 'response' && (exportId === undefined) === !noneFound) throw new PremisesError('InvalidArgument', 'a response names the export it encloses (export=ID) or says none is held (none=1), not both');
  const paper = str('paper');
  if (paper !== undefined && paper !== 'a4' && paper !== 'letter') throw new PremisesError('InvalidArgument', 'paper must be a4 or letter');
  return { kind, ...(exportId !== undefined ? { exportId } : {}), noneFound, ...(paper !== undefined ? { paper } : {}) };
}
