import { cliActor } from '../../audit/log.js';
import { isKnownCamera } from '../../cameras/registry.js';
import { caseJson, Cases, type CaseDetail } from '../../disclosure/cases/cases.js';
import { CASE_KINDS } from '../../disclosure/cases/store.js';
import { CLI_FIELDS, prepareExport, runExport } from '../../disclosure/export/create.js';
import { parseDuration } from '../../shared/duration.js';
import { PremisesError } from '../../shared/errors.js';
import { iso } from '../../shared/iso.js';
import { cameraList, parse, parseIsoTime, requireString, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';
import { progressPrinter } from './export.js';

/** Incident cases (docs/cases.md): several cameras and ranges under one name, held together, exported as one package. */
function caseId(positionals: string[], usage: string): number {
  const raw = positionals[0];
  if (raw === undefined || !/^\d+$/.test(raw)) throw new UsageError(`name the case by its number: premises ${usage}`);
  return Number(raw);
}

const shown = (ms: number | null | undefined) => iso(ms ?? null) ?? '-';

export function caseText(d: CaseDetail): string[] {
  const c = d.record;
  const lines = [
    `case ${c.id}: ${c.name} [${c.kind}] ${c.closedAt === null ? 'OPEN — its footage is held' : `closed ${shown(c.closedAt)} by ${c.closedBy ?? '?'}: ${c.closeReason ?? ''}`}`,
    `  reason: ${c.reason}`,
    `  opened by ${c.openedBy} at ${shown(c.openedAt)}`,
  ];
  if (d.ranges.length === 0) lines.push('  no ranges yet (premises case add ID --camera ID --from ISO --to ISO)');
  for (const r of d.ranges) lines.push(`  ${r.camera}  ${shown(r.fromMs)} .. ${shown(r.toMs)}  hold ${r.holdId}${r.releasedAt !== null ? ` (released ${shown(r.releasedAt)})` : ''}`);
  for (const e of d.exports) {
    const x = e.export;
    lines.push(`  export ${e.id} for ${e.recipient}: ${x ? `${x.files} file(s), ${x.bytes} bytes, made ${shown(x.createdAt)}, ${x.removedAt ? `removed ${shown(x.removedAt)}` : `expires ${shown(x.expiresAt)}`}` : 'not recorded'}`);
  }
  return lines;
}

export const caseOpen: Command = {
  name: 'case open',
  summary: 'Open an incident case: a name and reason under which footage of several cameras and times is held and exported together',
  usage: `case open --name TEXT --reason TEXT [--kind ${CASE_KINDS.join('|')}] [--json] [--config FILE]`,
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, name: { type: 'string' }, reason: { type: 'string' }, kind: { type: 'string' }, json: { type: 'boolean' } });
    const name = requireString(values.name, '--name TEXT');
    const reason = requireString(values.reason, '--reason TEXT');
    if (values.kind !== undefined && !(CASE_KINDS as readonly string[]).includes(values.kind)) throw new UsageError(`--kind must be one of ${CASE_KINDS.join(', ')}`);
    const ctx = openContext(values.config, { env: io.env });
    try {
      const cases = new Cases(ctx.db, ctx.audit, ctx.clock);
      const c = cases.open({ name, reason, ...(values.kind !== undefined ? { kind: values.kind } : {}) }, cliActor());
      io.out(values.json ? JSON.stringify(caseJson(cases.detail(c.id))) : `case ${c.id} opened: ${c.name}\nadd footage with: premises case add ${c.id} --camera ID[,ID] --from ISO --to ISO`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const caseAdd: Command = {
  name: 'case add',
  summary: "Add cameras and a time range to a case: the footage is held at once, until the case is closed",
  usage: 'case add CASE --camera ID[,ID] --from ISO --to ISO [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, camera: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } }, true);
    const id = caseId(positionals, 'case add CASE --camera ID --from ISO --to ISO');
    const cameras = cameraList(values.camera);
    const fromMs = parseIsoTime(requireString(values.from, '--from ISO'), '--from');
    const toMs = parseIsoTime(requireString(values.to, '--to ISO'), '--to');
    const ctx = openContext(values.config, { env: io.env });
    try {
      for (const c of cameras) if (!isKnownCamera(ctx.loaded.config, ctx.db, c)) throw new PremisesError('NotFound', `no camera "${c}" in the configuration or the index`);
      const cases = new Cases(ctx.db, ctx.audit, ctx.clock);
      const added = cases.addRange(id, { cameras, fromMs, toMs }, cliActor());
      for (const r of added) io.out(`case ${id}: ${r.camera} ${shown(r.fromMs)} .. ${shown(r.toMs)} held (hold ${r.holdId})`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const caseShow: Command = {
  name: 'case show',
  summary: 'Show a case: its reason, every camera range it holds, and the packages exported from it',
  usage: 'case show CASE [--json] [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' } }, true);
    const id = caseId(positionals, 'case show CASE');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const d = new Cases(ctx.db, ctx.audit, ctx.clock).detail(id);
      io.out(values.json ? JSON.stringify(caseJson(d), null, 2) : caseText(d).join('\n'));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const caseList: Command = {
  name: 'case list',
  summary: 'List open cases (--all: closed ones too)',
  usage: 'case list [--all] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, all: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const list = new Cases(ctx.db, ctx.audit, ctx.clock).list(values.all ?? false);
      io.out(list.length === 0 ? 'no cases' : list.map((c) => `case ${c.id}: ${c.name} [${c.kind}] ${c.closedAt === null ? 'open' : `closed ${shown(c.closedAt)}`}`).join('\n'));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const caseExport: Command = {
  name: 'case export',
  summary: "Export a whole case as one signed package (one manifest: every camera's ranges, the reason and the recipient)",
  usage: 'case export CASE --recipient TEXT --legal-basis TEXT [--keep DURATION (default 30d)] [--json] [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { config: { type: 'string' }, recipient: { type: 'string' }, 'legal-basis': { type: 'string' }, keep: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    const id = caseId(positionals, 'case export CASE --recipient TEXT --legal-basis TEXT');
    const recipient = requireString(values.recipient, '--recipient TEXT');
    const legalBasis = requireString(values['legal-basis'], '--legal-basis TEXT');
    let keepMs: number | undefined;
    if (values.keep !== undefined) {
      keepMs = parseDuration(values.keep);
      if (keepMs === undefined) throw new UsageError(`--keep "${values.keep}" is not a duration like 30d or 72h`);
    }
    const ctx = openContext(values.config, { env: io.env });
    const bar = progressPrinter(io, process.stderr.isTTY === true && io.env['PREMISES_NO_PROGRESS_BAR'] === undefined);
    try {
      const req = new Cases(ctx.db, ctx.audit, ctx.clock).exportRequest(id, { recipient, legalBasis, ...(keepMs !== undefined ? { keepMs } : {}) });
      const deps = { db: ctx.db, layout: ctx.layout, audit: ctx.audit, alarms: ctx.alarms, clock: ctx.clock, actor: cliActor(), onProgress: bar.update, notice: bar.line };
      const result = await runExport(deps, prepareExport(deps, req, { ...CLI_FIELDS, requestedBy: '--recipient' }));
      bar.end();
      if (values.json) io.out(JSON.stringify({ id: result.id, dir: result.dir }));
      else {
        io.out(`case ${id} exported: ${result.id}\n${result.dir}`);
        for (const f of result.manifest.files) io.out(`  ${f.name}  ${f.start} → ${f.end}  ${f.bytes} bytes`);
        for (const g of result.manifest.gaps) io.out(`  gap: ${g.camera} ${g.from} → ${g.to} (no footage)`);
        io.out(`manifest sha256 ${result.manifestSha256}; expires ${result.manifest.expiresAt}`);
        io.out(`verify with: premises export verify ${result.dir} --fingerprint FP; send with a transfer policy: premises transfer ${result.id} --policy NAME`);
      }
      return 0;
    } finally {
      ctx.close();
    }
  },
};

export const caseClose: Command = {
  name: 'case close',
  summary: "Close a case: every range it holds is released together (audited); its exports stay until they expire",
  usage: 'case close CASE --reason TEXT [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, reason: { type: 'string' } }, true);
    const id = caseId(positionals, 'case close CASE --reason TEXT');
    const reason = requireString(values.reason, '--reason TEXT');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const d = new Cases(ctx.db, ctx.audit, ctx.clock).close(id, reason, cliActor());
      io.out(`case ${id} closed; ${d.ranges.length} range(s) released: the footage follows the retention rules again`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
