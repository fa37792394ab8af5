import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliActor } from '../../audit/log.js';
import { createExport } from '../../disclosure/export/create.js';
import { sweepExports } from '../../disclosure/export/expire.js';
import { progressBar, type ExportProgress } from '../../disclosure/export/progress.js';
import { parseRedaction } from '../../disclosure/export/redact.js';
import { ExportStore } from '../../disclosure/export/store.js';
import { verifyExport, type Trust } from '../../disclosure/export/verify.js';
import { PremisesError } from '../../shared/errors.js';
import { UsageError, parse } from '../args.js';
import type { Command } from '../command.js';
import { EXPORT_REQUEST_OPTIONS, exportRequestOf } from '../export-request.js';
import { openContext } from '../../daemon/context.js';
import { iso } from '../../shared/iso.js';

export const exportCreate: Command = {
  name: 'export',
  summary: 'Export footage as signed, verifiable MP4 files into <dataDir>/exports/<id>/ (reason, requester and legal basis required)',
  usage:
    'export --camera ID[,ID] --from ISO --to ISO --reason TEXT --requested-by TEXT --legal-basis TEXT [--redact CAMERA,X,Y,W,H[,FROM,TO][,fill|blur]]... [--request ID] [--keep DURATION (default 30d)] [--json] [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, {
      ...EXPORT_REQUEST_OPTIONS,
      redact: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    const req = exportRequestOf(values);
    if (values.redact?.length) req.redactions = values.redact.map(parseRedaction);
    const ctx = openContext(values.config, { env: io.env });
    const bar = progressPrinter(io, process.stderr.isTTY === true && io.env['PREMISES_NO_PROGRESS_BAR'] === undefined);
    try {
      const result = await createExport(
        { db: ctx.db, layout: ctx.layout, audit: ctx.audit, alarms: ctx.alarms, clock: ctx.clock, actor: cliActor(), onProgress: bar.update, notice: bar.line },
        req,
      );
      bar.end();
      if (values.json) io.out(JSON.stringify({ id: result.id, dir: result.dir }));
      else {
        io.out(`export ${result.id}\n${result.dir}`);
        for (const f of result.manifest.files) io.out(`  ${f.name}  ${f.start} → ${f.end}  ${f.bytes} bytes${f.encoding === 'redacted' ? '  (redacted, re-encoded)' : ''}`);
        for (const g of result.manifest.gaps) io.out(`  gap: ${g.camera} ${g.from} → ${g.to} (no footage)`);
        const ar = result.manifest.accessRequest;
        if (ar) io.out(`answers access request ${ar.id}; earlier disclosures of this footage listed in the manifest: ${ar.disclosures.length}`);
        io.out(`manifest sha256 ${result.manifestSha256}; expires ${result.manifest.expiresAt}`);
      }
      return 0;
    } finally {
      ctx.close();
    }
  },
};

/**
 * The export's progress on stderr: on a terminal one bar redrawn in place;
 * otherwise (a log, a test) a line per step and per 10 %.
 */
export function progressPrinter(io: { err: (text: string) => void }, tty: boolean): { update: (p: ExportProgress) => void; line: (text: string) => void; end: () => void } {
  let drawn = false;
  let lastTenth = -1;
  let lastDraw = 0;
  const clear = () => {
    if (drawn) process.stderr.write('\r\x1b[K');
    drawn = false;
  };
  return {
    update(p) {
      if (tty) {
        const now = Date.now();
        if (!p.milestone && now - lastDraw < 100) return;
        lastDraw = now;
        process.stderr.write(`\r${progressBar(p)}\x1b[K`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(p.percent / 10);
      if (p.milestone || tenth !== lastTenth) io.err(progressBar(p));
      lastTenth = tenth;
    },
    line(text) {
      clear();
      io.err(text);
    },
    end: clear,
  };
}

export const exportVerify: Command = {
  name: 'export verify',
  summary: "Check an export folder offline: every file's size and sha256, and the manifest's signature against a pinned key",
  usage: 'export verify DIR (--fingerprint FP | --public-key FILE) [--json]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { fingerprint: { type: 'string' }, 'public-key': { type: 'string' }, json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one export folder');
    const fp = values.fingerprint;
    const pubFile = values['public-key'];
    if ((fp === undefined) === (pubFile === undefined)) {
      throw new UsageError('pin the signing key with --fingerprint FP (as `premises keys fingerprint` printed it) or --public-key FILE');
    }
    let trust: Trust;
    if (fp !== undefined) trust = { fingerprint: fp };
    else {
      let pem: string;
      try {
        pem = readFileSync(pubFile!, 'utf8');
      } catch (err) {
        throw new PremisesError('NotFound', `cannot read --public-key ${pubFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      trust = { publicKeyPem: pem };
    }
    const dir = resolve(positionals[0]!);
    let result;
    try {
      result = await verifyExport(dir, trust);
    } catch (err) {
      if (err instanceof PremisesError) throw err;
      throw new PremisesError('InvalidArgument', `cannot verify ${dir}: ${(err as Error).message}`);
    }
    if (values.json) io.out(JSON.stringify({ ok: result.ok, id: result.manifest?.id, filesChecked: result.filesChecked, problems: result.problems }));
    else if (result.ok) {
      io.out(`OK: export ${result.manifest!.id}: signature valid (key ${result.manifest!.signer.fingerprint}), ${result.filesChecked} file(s) match the manifest`);
    } else {
      io.out(`FAILED: ${dir}`);
      for (const p of result.problems) io.out(`  ${p.kind}: ${p.message}`);
    }
    return result.ok ? 0 : 1;
  },
};

export const exportList: Command = {
  name: 'export list',
  summary: 'List exports and when they expire (--all: removed ones too)',
  usage: 'export list [--all] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, all: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const rows = new ExportStore(ctx.db).list({ includeRemoved: values.all ?? false });
      io.out(
        rows.length === 0
          ? 'no exports'
          : rows
              .map(
                (r) =>
                  `${r.id}  ${r.cameras.join(',')}  ${iso(r.fromMs)} .. ${iso(r.toMs)}  ${r.files} file(s)  ` +
                  (r.removedAt ? `removed ${iso(r.removedAt)} (${r.removalReason ?? ''})` : `expires ${iso(r.expiresAt)}`),
              )
              .join('\n'),
      );
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const exportSweep: Command = {
  name: 'export sweep',
  summary: 'Remove expired exports now (the record stays, the removal is audited)',
  usage: 'export sweep [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const r = sweepExports({ db: ctx.db, layout: ctx.layout, audit: ctx.audit, clock: ctx.clock }, cliActor());
      io.out(`removed ${r.expired.length} expired export(s)${r.expired.length ? `: ${r.expired.join(', ')}` : ''}`);
      if (r.orphans.length) io.out(`removed ${r.orphans.length} folder(s) without an export record: ${r.orphans.join(', ')}`);
      if (r.staleTemp.length) io.out(`removed ${r.staleTemp.length} unfinished export folder(s)`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
