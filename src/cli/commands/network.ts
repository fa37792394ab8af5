import { cliActor } from '../../audit/log.js';
import { FIX_IDS, type FixId } from '../../containment/onvif-audit.js';
import { checkCameraNetwork } from '../../containment/onvif-check.js';
import { networkReport, type NetworkReport } from '../../containment/report.js';
import { PremisesError } from '../../shared/errors.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z');

function statusText(r: NetworkReport): string[] {
  const s = r.status;
  const lines = [`Camera network: ${s.mode.toUpperCase()} — ${s.summary}`];
  if (s.fix) lines.push(`What to do: ${s.fix}`);
  if (!s.daemonRunning && s.mode !== 'not-contained') lines.push(`(as Premises last reported it, ${when(s.updatedAt)}; Premises is not running now)`);
  if (s.interface) lines.push(`Interface ${s.interface}, subnet ${s.subnet ?? '?'}, Premises at ${s.address ?? '?'}`);
  if (s.firewall) lines.push(`Firewall table ${s.firewall.table}: loaded ${when(s.firewall.loadedAt)}, last read ${when(s.firewall.lastReadAt)}`);
  for (const svc of s.services) lines.push(`  ${svc.name}: ${svc.state}${svc.pid ? ` (pid ${svc.pid})` : ''}, ${svc.restarts} restart${svc.restarts === 1 ? '' : 's'}${svc.lastExit ? `, last exit ${when(svc.lastExit.at)}: ${svc.lastExit.reason}` : ''}`);
  for (const c of r.cameras) {
    const tried = c.attempts.length;
    lines.push(`${c.camera}  ${c.contained ? 'contained' : 'NOT contained'}${c.lease ? `  ${c.lease.ip} (${c.lease.mac})` : ''}  ${tried ? `${tried} destination${tried === 1 ? '' : 's'} blocked or refused` : 'no attempts seen'}`);
  }
  if (r.unknownDevices.length) lines.push(`${r.unknownDevices.length} attempt record(s) from devices without a lease; see --json`);
  return lines;
}

export const networkStatus: Command = {
  name: 'network status',
  summary: 'Say whether the cameras are contained (cannot reach the internet) and what each tried to reach',
  usage: 'network status [--json] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const report = networkReport(ctx.db, ctx.loaded.config.cameraNetwork, ctx.clock.now());
      io.out(values.json ? JSON.stringify(report, null, 2) : statusText(report).join('\n'));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const networkAudit: Command = {
  name: 'network audit',
  summary: "List every destination and DNS name one camera tried to reach, with counts and when",
  usage: 'network audit CAMERA [--json] [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' } }, true);
    const id = positionals[0];
    if (!id) throw new PremisesError('InvalidArgument', 'name the camera: premises network audit CAMERA (see premises camera list)');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const report = networkReport(ctx.db, ctx.loaded.config.cameraNetwork, ctx.clock.now());
      const camera = report.cameras.find((c) => c.camera === id);
      if (!camera) throw new PremisesError('NotFound', `no camera "${id}" (see premises camera list)`);
      if (values.json) {
        io.out(JSON.stringify(camera, null, 2));
        return Promise.resolve(0);
      }
      io.out(`${camera.camera} (${camera.name}): ${camera.contained ? 'contained' : 'NOT contained'}`);
      if (camera.attempts.length === 0) io.out('No attempts to reach beyond Premises seen.');
      for (const a of camera.attempts) {
        io.out(`${a.kind === 'dns' ? 'asked for' : 'blocked  '}  ${a.destination}  ${a.count} time${a.count === 1 ? '' : 's'}  first ${when(a.firstSeen)}  last ${when(a.lastSeen)}`);
      }
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const networkOnvifAudit: Command = {
  name: 'network onvif-audit',
  summary: "Read a camera's own network settings over ONVIF, flag those that would let it reach outside, and apply the fixes you name",
  usage: 'network onvif-audit CAMERA [--fix ntp,gateway,dynamic-dns,remote-discovery] [--json] [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' }, fix: { type: 'string' } }, true);
    const id = positionals[0];
    if (!id) throw new PremisesError('InvalidArgument', 'name the camera: premises network onvif-audit CAMERA (see premises camera list)');
    const fixes = (values.fix ?? '').split(',').map((f) => f.trim()).filter(Boolean);
    for (const f of fixes) {
      if (!(FIX_IDS as readonly string[]).includes(f)) throw new UsageError(`--fix: unknown fix "${f}"; choose from ${FIX_IDS.join(', ')}`);
    }
    const ctx = openContext(values.config, { env: io.env });
    try {
      const check = await checkCameraNetwork(ctx, id, fixes as FixId[], cliActor());
      const { findings, settings: before } = check;
      const applied = fixes.length ? { results: check.fixes } : undefined;
      if (values.json) {
        io.out(JSON.stringify({ camera: id, premisesAddress: check.premisesAddress, settings: before, findings, fixes: check.fixes, after: check.after }, null, 2));
      } else {
        io.out(findings.length ? `${id}: ${findings.length} setting${findings.length === 1 ? '' : 's'} would let it reach beyond Premises:` : `${id}: no setting lets it reach beyond Premises.`);
        for (const f of findings) io.out(`  ${f.setting}: ${f.value} — ${f.risk}${f.fix ? ` (fix: --fix ${f.fix})` : ''}`);
        for (const u of before.unreadable) io.out(`  (could not read ${u.operation}: ${u.reason})`);
        for (const r of applied?.results ?? []) io.out(`fix ${r.fix}: ${r.took ? 'applied and checked' : `did NOT take${r.error ? ` (${r.error})` : ' (the camera kept its setting)'}`}`);
      }
      return applied && applied.results.some((r) => !r.took) ? 1 : 0;
    } finally {
      ctx.close();
    }
  },
};
