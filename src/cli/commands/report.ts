import { containmentReportText, signNetworkClaim } from '../../containment/status.js';
import { renameSync, writeFileSync } from 'node:fs';
import { auditSummary } from '../../audit/entries.js';
import { MaskStateStore, maskingText } from '../../recorder/camera-masks.js';
import { auditVerificationSection } from '../../audit/verification.js';
import { holdsSection } from '../../policy/retention/holds.js';
import { withIndexCameras } from '../../policy/consent/cameras.js';
import { dirname, resolve } from 'node:path';
import { transferReportText, transferSignText } from '../../policy/consent/transfer-signs.js';
import { renderReport } from '../../policy/consent/report.js';
import { reportBytes, reportFormatOf } from '../../policy/consent/report-format.js';
import { allSigns, signInputsFromConfig } from '../../policy/consent/signage.js';
import { SignageStore } from '../../policy/consent/signage-store.js';
import { PauseStore } from '../../policy/consent/pause.js';
import { fsyncDir, fsyncPath } from '../../shared/fsync.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';
import { containmentFact, maskingWay, staffDpiaReportSections } from '../../api/staff-dpia-inputs.js';
import { documentLanguage } from '../../policy/consent/document-language.js';

export const report: Command = {
  name: 'report',
  summary:
    "Print the record of processing: business, cameras, purposes, retention, schedules, audio, signage, gates (--out report.html, .pdf or .md; --lang one of the site's languages, default the one the law requires)",
  usage: 'report [--out FILE.html|FILE.pdf|FILE.md] [--lang en|fr|es|zh-Hans|zh-Hant] [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, { out: { type: 'string' }, config: { type: 'string' }, lang: { type: 'string' } });
    // Refuse an unknown extension before any work, so the owner is told at once.
    const format = values.out === undefined ? 'markdown' : reportFormatOf(values.out);
    const ctx = openContext(values.config, { env: io.env });
    try {
      const lang = documentLanguage(ctx.loaded.config, values.lang);
      const config = withIndexCameras(ctx.loaded.config, ctx.db);
      const signText = transferSignText(ctx.db, ctx.audit, ctx.clock);
      const inputs = signInputsFromConfig(config, undefined, signText, signNetworkClaim(ctx.db, config.cameraNetwork, ctx.clock.now()));
      const signs = new SignageStore(ctx.db, ctx.audit, ctx.clock).recordStaleness(allSigns(inputs), ctx.alarms);
      const pauses = new PauseStore(ctx.db, ctx.audit, ctx.clock).active();
      const deps = { config: ctx.loaded.config, db: ctx.db, audit: ctx.audit, clock: ctx.clock };
      const extra = staffDpiaReportSections(deps, lang);
      const masks = new MaskStateStore(ctx.db, ctx.audit, ctx.clock);
      const text = renderReport({
        config,
        retentionOf: inputs.retentionOf,
        signs,
        pauses,
        audit: auditSummary(ctx.db),
        generatedAt: ctx.clock.now(),
        transfers: transferReportText(ctx.db, ctx.audit, ctx.clock),
        containment: containmentReportText(ctx.db, config.cameraNetwork, ctx.clock.now()),
        holds: holdsSection(ctx.db, ctx.audit, ctx.clock),
        maskingOf: (id) => maskingText(masks.get(id)),
        maskingWayOf: (id) => maskingWay(masks.get(id)),
        containmentFact: containmentFact(deps, ctx.clock.now()),
        lang,
        ...(signText ? { transferList: signText.list } : {}),
        auditVerification: auditVerificationSection(ctx.db),
        ...extra,
        ...(signText ? { recipients: signText.recipients } : {}),
      });
      if (values.out === undefined) {
        io.out(text);
      } else {
        const out = resolve(values.out);
        const tmp = `${out}.tmp-${process.pid}`;
        writeFileSync(tmp, await reportBytes(text, format, lang));
        fsyncPath(tmp);
        renameSync(tmp, out);
        fsyncDir(dirname(out));
        io.out(`wrote ${out} (${format === 'markdown' ? 'Markdown' : format.toUpperCase()})`);
      }
      return 0;
    } finally {
      ctx.close();
    }
  },
};
