import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PlaybackSessions } from '../../src/api/playback/sessions.js';
import { auditViewing } from '../../src/api/routes/live-viewing.js';
import { currentDpiaFacts, dpiaRequired, dpiaReviewNow, staffDpiaReportSections, type StaffDpiaDeps } from '../../src/api/staff-dpia-inputs.js';
import { sha256Hex } from '../../src/audit/log.js';
import { main } from '../../src/cli/main.js';
import type { CommandIo } from '../../src/cli/command.js';
import { loadConfig } from '../../src/config/load.js';
import { openContext } from '../../src/daemon/context.js';
import { DpiaStore } from '../../src/policy/consent/dpia-store.js';
import { FakeClock } from '../../src/shared/clock.js';

/**
 * Staff notices, the assessment and the routine-viewing flag against a real
 * index file: through the CLI as the owner uses it, and through the stores
 * with a FakeClock where a year has to pass.
 */
function io(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: process.stdin, env: {} };
}

const CONFIG = (linePurpose: string, extraCamera = '') => `
dataDir: ./data
jurisdiction: CA-BC
timezone: America/Vancouver
business:
  name: Chez Test
  address: 1 Main St, Vancouver BC
  contact: {name: Privacy Officer, email: privacy@chez.example}
cameras:
  - id: till
    name: Till
    rtsp: rtsp://127.0.0.1:8554/till
    purposes: ["Investigate till discrepancies and theft at the cash desk"]
    area: cash
    signage: {location: Front door, date: "2026-11-20", confirmedBy: Alex}
  - id: line
    name: Kitchen line
    rtsp: rtsp://127.0.0.1:8554/line
    purposes: [${JSON.stringify(linePurpose)}]
    area: kitchen
    signage: {location: Kitchen door, date: "2026-11-20", confirmedBy: Alex}
${extraCamera}`;

const DINING = `  - id: tables
    rtsp: rtsp://127.0.0.1:8554/tables
    purposes: ["Identify customers who leave without paying"]
    area: dining
    diningJustification: "Walk-outs happen every week at the terrace tables"
`;

const DAY = 86_400_000;

void describe('staff notices, the assessment and routine viewing', () => {
  let dir: string;
  let cfg: string;
  const cli = async (...args: string[]) => {
    const o = io();
    const code = await main([...args, '--config', cfg], o);
    return { code, out: o.stdout.join('\n'), err: o.stderr.join('\n') };
  };
  const ctxAt = (clock: FakeClock) => openContext(cfg, { clock, env: {} });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'premises-staff-'));
    cfg = join(dir, 'premises.yaml');
    writeFileSync(cfg, CONFIG('Investigate thefts of stock from the kitchen'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('a new hire gets a notice in their language; the signature is recorded; a change to their cameras makes it stale and the report names them', async () => {
    const added = await cli('staff', 'add', '--name', 'Marie Dupont', '--role', 'cook', '--areas', 'kitchen,storage', '--language', 'fr');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /^staff 1: Marie Dupont \(cook\), works in kitchen, storage; notice in fr, version [0-9a-f]{12}, 1 camera\(s\) see where they work/);
    const short = /version ([0-9a-f]{12})/.exec(added.out)?.[1] ?? '';

    const html = join(dir, 'notice.html');
    const printed = await cli('staff', 'notice', '1', '--out', html);
    assert.equal(printed.code, 0, printed.err);
    assert.ok(printed.out.includes(`staff 1 version ${short}`));
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<html lang="fr">/);
    assert.ok(page.includes(`Version de la note ${short}`));
    assert.ok(page.includes('Kitchen line') && !page.includes('>Till<'), 'only the camera that sees the kitchen');

    const before = await cli('staff', 'list');
    assert.equal(before.code, 1, 'someone has not acknowledged: exit 1');
    assert.match(before.out, /1 {2}Marie Dupont \(cook\) \[kitchen, storage; fr\]: NOT ACKNOWLEDGED YET/);

    const wrong = await cli('staff', 'ack', '1', '--version', 'abcdef012345', '--signed', '2026-11-30');
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /the signed notice \(abcdef012345\) is not the current one/);

    const ack = await cli('staff', 'ack', '1', '--version', short, '--signed', '2026-11-30');
    assert.equal(ack.code, 0, ack.err);
    assert.equal((await cli('staff', 'list')).code, 0);
    assert.match((await cli('report')).out, /## Staff notices\n\nAll 1 staff member\(s\) acknowledged their current notice\./);

    // A camera in the dining room, where she never works, leaves her notice as it was.
    writeFileSync(cfg, CONFIG('Investigate thefts of stock from the kitchen', DINING));
    assert.equal((await cli('staff', 'list')).code, 0, 'a camera outside her areas does not change her notice');

    // Her kitchen camera's purpose changes: what she signed is no longer what is true.
    writeFileSync(cfg, CONFIG('Investigate thefts of stock and knives from the kitchen line', DINING));
    const stale = await cli('staff', 'list');
    assert.equal(stale.code, 1);
    assert.match(stale.out, /Marie Dupont \(cook\) \[kitchen, storage; fr\]: MUST RE-ACKNOWLEDGE: the notice changed since it was signed on 2026-11-30/);
    const report = await cli('report');
    assert.match(report.out, /\*\*1 of 1 staff member\(s\) must acknowledge their current notice: Marie Dupont \(1: notice changed since signed\)\./);
    const again = await cli('staff', 'ack', '1', '--version', short, '--signed', '2026-12-01');
    assert.equal(again.code, 1, 'the old paper cannot be recorded against the new notice');
    assert.match(again.err, /print the current notice \(premises staff notice 1\)/i);

    const ctx = ctxAt(new FakeClock());
    try {
      const actions = (ctx.db.prepare("SELECT action FROM audit_log WHERE subject = 'staff:1' ORDER BY seq").all() as { action: string }[]).map((r) => r.action);
      assert.deepEqual(actions, ['staff.added', 'staff.acknowledged']);
      assert.throws(() => ctx.db.prepare("UPDATE staff_acks SET signed_on = '2026-01-01'").run(), /an acknowledgement is fixed once recorded/);
      assert.throws(() => ctx.db.prepare('DELETE FROM staff_acks').run(), /acknowledgements are never deleted/);
    } finally {
      ctx.close();
    }

    const left = await cli('staff', 'left', '1');
    assert.equal(left.code, 0, left.err);
    assert.equal((await cli('staff', 'list')).code, 0, 'no reminder for someone who left');
  });

  void it('the assessment: facts filled in, saved only when answered, versions fixed, reviewed after 12 months or when the facts change', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 1, 12));
    const ctx = ctxAt(clock);
    try {
      const d: StaffDpiaDeps = { config: ctx.loaded.config, db: ctx.db, audit: ctx.audit, clock };
      const store = new DpiaStore(ctx.db, ctx.audit, clock);
      const facts = currentDpiaFacts(d);
      assert.deepEqual(facts.material.cameras.map((c) => [c.id, c.area, c.retention]), [
        ['till', 'cash', '7 days'],
        ['line', 'kitchen', '7 days'],
        ['tables', 'dining', '7 days'],
      ]);
      assert.equal(facts.material.transfers, 'Footage never leaves the premises.');
      assert.equal(dpiaReviewNow(d).state, 'missing');

      store.answer('problem', 'Three till shortfalls of over $200 in October 2026.', 'cli:owner');
      assert.throws(() => store.save(currentDpiaFacts(d), dpiaRequired(d), 'cli:owner'), /answer necessity \(Necessity\), alternatives \(Less intrusive alternatives considered\), balancing \(Balancing\) before saving/);
      store.answer('necessity', 'Only the till and the kitchen line, where the losses happen.', 'cli:owner');
      store.answer('alternatives', 'Two-person cash counts were tried for a month; shortfalls continued.', 'cli:owner');
      store.answer('balancing', 'Seven days, masks over the staff corridor, only the owner views, and only for an incident.', 'cli:owner');
      const v1 = store.save(currentDpiaFacts(d), dpiaRequired(d), 'cli:owner');
      assert.equal(v1.version, 1);
      assert.equal(store.checkReview(ctx.alarms), false);
      assert.equal(dpiaReviewNow(d).state, 'current');
      assert.throws(() => ctx.db.prepare("UPDATE dpia_versions SET saved_by = 'someone'").run(), /a saved assessment is fixed/);
      assert.throws(() => ctx.db.prepare('DELETE FROM dpia_versions').run(), /saved assessments are never deleted/);

      // Eleven months on, nothing changed: still current.
      clock.jumpWall(334 * DAY);
      assert.equal(dpiaReviewNow(d).state, 'current');
      // A camera added calls for a review now.
      const changed: StaffDpiaDeps = { ...d, config: (() => { writeFileSync(cfg, CONFIG('Investigate thefts of stock and knives from the kitchen line', `${DINING}  - id: back\n    rtsp: rtsp://127.0.0.1:8554/back\n    purposes: ["Identify intruders at the back door after closing"]\n    area: entrance\n`)); return loadConfig(cfg).config; })() };
      assert.equal(dpiaReviewNow(changed).state, 'changed');
      assert.equal(dpiaReviewNow(d).state, 'current', 'the facts of the old configuration are those saved');
      // Twelve months after the save: overdue, in the report too.
      clock.jumpWall(31 * DAY);
      assert.equal(dpiaReviewNow(d).state, 'overdue');
      // The daemon's minute chore raises the yearly-review alarm once, and saving clears it.
      assert.equal(store.checkReview(ctx.alarms), true);
      assert.equal(store.checkReview(ctx.alarms), true);
      const open = () => ctx.db.prepare("SELECT message FROM alarms WHERE kind = 'dpia.review-due' AND cleared_at IS NULL").all() as { message: string }[];
      assert.equal(open().length, 1);
      assert.match(open()[0]?.message ?? '', /was due for its yearly review on 2027-11-01/);
      assert.match(staffDpiaReportSections(d).dpia, /^\*\*REVIEW OVERDUE: version 1 was saved 2026-11-01, more than 12 months ago \(due 2027-11-01\)/);
      const fr = staffDpiaReportSections(d, 'fr');
      assert.match(fr.dpia, /^\*\*RÉEXAMEN EN RETARD : la version 1 a été enregistrée le 1 novembre 2026, il y a plus de 12 mois \(échéance : 1 novembre 2027\)/);
      assert.match(fr.staff, /^Aucun membre du personnel enregistré|membre\(s\) du personnel/);
      assert.match(fr.routineViewing, /^Signalement : un utilisateur qui, au cours des 30 derniers jours/);

      store.answer('balancing', 'Reviewed: still seven days; the owner alone views.', 'cli:owner');
      const v2 = store.save(currentDpiaFacts(changed), dpiaRequired(changed), 'cli:owner');
      assert.equal(v2.version, 2);
      assert.equal(dpiaReviewNow(changed).state, 'current');
      assert.equal(store.checkReview(ctx.alarms), false);
      assert.equal(open().length, 0, 'a new version clears the alarm');
      const row = ctx.db.prepare('SELECT content, sha256 FROM dpia_versions WHERE version = 1').get() as { content: string; sha256: string };
      assert.equal(sha256Hex(row.content), row.sha256, 'version 1 is as it was saved');
      assert.equal(store.get(1).answers['balancing'], 'Seven days, masks over the staff corridor, only the owner views, and only for an incident.');
      const saved = ctx.db.prepare("SELECT subject FROM audit_log WHERE action = 'dpia.saved' ORDER BY seq").all() as { subject: string }[];
      assert.deepEqual(saved.map((s) => s.subject), ['dpia:1', 'dpia:2']);
    } finally {
      ctx.close();
    }

    const shown = await cli('dpia', 'show', '--version', '1');
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /^# Privacy impact and legitimate-interest assessment: video surveillance\n\nVersion 1, saved 2026-11-01T12:00:00\.000Z by cli:owner/);
    const draft = join(dir, 'dpia.html');
    assert.equal((await cli('dpia', 'show', '--out', draft)).code, 0);
    assert.match(readFileSync(draft, 'utf8'), /<h3>Necessity<\/h3>/);

    // In another language: only those the site offers (its languages and English), the saved facts in that language.
    const refused = await cli('dpia', 'show', '--version', '1', '--lang', 'fr');
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /--lang fr: write one of en \(the site's languages, site\.languages, and English\)/);
    const bilingual = join(dir, 'bilingual.yaml');
    writeFileSync(bilingual, `${readFileSync(cfg, 'utf8')}\nsite: { languages: [en, fr] }\n`);
    const inFrench = async (...args: string[]) => {
      const o = io();
      const code = await main([...args, '--config', bilingual], o);
      assert.equal(code, 0, o.stderr.join('\n'));
      return o.stdout.join('\n');
    };
    const fr = await inFrench('dpia', 'show', '--version', '1', '--lang', 'fr');
    assert.match(fr, /^# Analyse d'impact relative à la protection des données \(AIPD\) et évaluation de l'intérêt légitime : vidéosurveillance\n\nVersion 1, enregistrée le 1 novembre 2026 à 04 h 00 HNP par cli:owner/);
    assert.match(fr, /\| Till \(till\) \| caisse \| Investigate till discrepancies and theft at the cash desk \| en permanence \| désactivé \| aucune \| 7 jours \|/);
    assert.match(fr, /Seven days, masks over the staff corridor, only the owner views, and only for an incident\./);
    assert.match(await inFrench('report', '--lang', 'fr'), /^# Registre des activités de traitement : vidéosurveillance\n/);
    assert.match(await inFrench('report'), /^# Record of processing: video surveillance\n/, 'no language required under CA-BC: the site first');
    const pdfLess = join(dir, 'registre.html');
    await inFrench('report', '--lang', 'fr', '--out', pdfLess);
    assert.match(readFileSync(pdfLess, 'utf8'), /<html lang="fr">[\s\S]*<title>Registre des activités de traitement : vidéosurveillance<\/title>/);
  });

  void it('flags a user who views recordings without an incident reason on 4 days, and not one who gives incident reasons', async () => {
    // The real writers of viewing entries, on a clock that starts 20 days ago.
    const clock = new FakeClock(Date.now() - 20 * DAY);
    const ctx = ctxAt(clock);
    try {
      const sessions = new PlaybackSessions(ctx.audit, clock, 300_000);
      const view = (user: string, reason: 'other' | 'incident') => {
        const s = sessions.start({ userId: user === 'manager' ? 2 : 1, actor: `user:${user}`, cameraId: 'till', fromMs: clock.now() - DAY, toMs: clock.now(), reason, reasonText: reason === 'other' ? 'checking yesterday' : undefined });
        sessions.end(s, 'user');
      };
      for (let day = 0; day < 5; day++) {
        view('manager', 'other');
        view('owner', 'incident');
        auditViewing(ctx.audit, clock, { id: 1, username: 'owner', role: 'owner', cameras: new Map() }, 'line', 'websocket').end('closed');
        clock.jumpWall(2 * DAY);
      }
    } finally {
      ctx.close();
    }
    const report = await cli('report');
    assert.equal(report.code, 0, report.err);
    const section = /## Routine viewing \(last 30 days\)\n\n([\s\S]*?)\n## /.exec(report.out)?.[1] ?? '';
    assert.match(section, /on 4 or more days, or watched live on 15 or more days/);
    assert.match(section, /- \*\*user:manager viewed recordings without an incident reason on 5 days of the last 30 \(cameras till; 0 viewing\(s\) for an incident reason\)\*\*/);
    assert.ok(!section.includes('user:owner'), `five live views and incident playback are not routine review: ${section}`);
  });
});
