import { renameSync, writeFileSync } from 'node:fs';
import { signNetworkClaim } from '../../containment/status.js';
import { withIndexCameras } from '../../policy/consent/cameras.js';
import { dirname, resolve } from 'node:path';
import { cliActor } from '../../audit/log.js';
import { transferSignText } from '../../policy/consent/transfer-signs.js';
import { NEVER_RECORDED_AREAS } from '../../policy/consent/gates.js';
import { allSigns, signInputsFromConfig, signsFor, type SignSelection } from '../../policy/consent/signage.js';
import { defaultPaper, renderSignsHtml, type Paper } from '../../policy/consent/signage-html.js';
import { describeSignStatus, SignageStore } from '../../policy/consent/signage-store.js';
import { fsyncDir, fsyncPath } from '../../shared/fsync.js';
import { PremisesError } from '../../shared/errors.js';
import { parse, requireString, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext, type AppContext } from '../../daemon/context.js';

export function selectionFrom(ctx: AppContext, camera: string | undefined, all: boolean | undefined): SignSelection {
  if (camera !== undefined && all) throw new UsageError('give --camera ID or --all, not both');
  if (camera === undefined) return 'all';
  const found = withIndexCameras(ctx.loaded.config, ctx.db).cameras.find((c) => c.id === camera);
  if (!found) throw new PremisesError('NotFound', `no camera '${camera}' (see premises camera list)`);
  if (found.area !== undefined && NEVER_RECORDED_AREAS.includes(found.area)) {
    throw new PremisesError('FailedPrecondition', `camera '${camera}' is in a ${found.area} area, which Premises never records or streams: it needs no sign`);
  }
  return { camera };
}

export const signage: Command = {
  name: 'signage',
  summary: 'Render the printable privacy notices (first layer, policy page, staff notice) and remember what they say',
  usage: 'signage [--camera ID | --all] --out FILE.html [--paper a4|letter] [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, {
      camera: { type: 'string' },
      all: { type: 'boolean' },
      out: { type: 'string' },
      paper: { type: 'string' },
      config: { type: 'string' },
    });
    const out = resolve(requireString(values.out, '--out FILE.html'));
    if (values.paper !== undefined && values.paper !== 'a4' && values.paper !== 'letter') throw new UsageError('--paper is a4 or letter');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const selection = selectionFrom(ctx, values.camera, values.all);
      if (!ctx.loaded.config.business) {
        throw new PremisesError(
          'FailedPrecondition',
          `a sign must name the business and who to contact: add business: {name, address, contact: {name, phone or email}} to ${ctx.loaded.path} first`,
        );
      }
      const inputs = signInputsFromConfig(
        withIndexCameras(ctx.loaded.config, ctx.db),
        undefined,
        transferSignText(ctx.db, ctx.audit, ctx.clock),
        signNetworkClaim(ctx.db, ctx.loaded.config.cameraNetwork, ctx.clock.now()),
      );
      const signs = signsFor(inputs, selection);
      const paper: Paper = values.paper ?? defaultPaper(ctx.loaded.config.jurisdiction);
      const html = renderSignsHtml(signs, paper, `${ctx.loaded.config.business?.name ?? 'Premises'}: privacy notices`);
      // Write beside the target and rename, so a half-written sign never exists under its name.
      const tmp = `${out}.tmp-${process.pid}`;
      writeFileSync(tmp, html, 'utf8');
      fsyncPath(tmp);
      renameSync(tmp, out);
      fsyncDir(dirname(out));
      const store = new SignageStore(ctx.db, ctx.audit, ctx.clock);
      store.recordPrints(signs, cliActor(), out);
      const statuses = store.recordStaleness(allSigns(inputs), ctx.alarms);
      const printed = new Set<string>(signs.map((s) => s.key));
      io.out(`wrote ${out} (${signs.length} page${signs.length === 1 ? '' : 's'}, ${paper === 'a4' ? 'A4' : 'Letter'})`);
      for (const s of statuses.filter((st) => printed.has(st.key))) io.out(`  ${s.key}  sha256 ${s.currentSha256.slice(0, 16)}  ${describeSignStatus(s)}`);
      io.out(
        `Print and post the notices, then run: premises signage confirm ${selection === 'all' ? '--all' : `--camera ${selection.camera}`}` +
          '\n(and record where each camera\'s sign is posted under the camera: signage: {location, date, confirmedBy}).',
      );
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const signageConfirm: Command = {
  name: 'signage confirm',
  summary: 'Confirm the printed notices are posted (clears a stale sign once its reprint is up)',
  usage: 'signage confirm [--camera ID | --all] [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, { camera: { type: 'string' }, all: { type: 'boolean' }, config: { type: 'string' } });
    if (values.camera === undefined && !values.all) throw new UsageError('give --camera ID or --all');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const selection = selectionFrom(ctx, values.camera, values.all);
      const inputs = signInputsFromConfig(
        withIndexCameras(ctx.loaded.config, ctx.db),
        undefined,
        transferSignText(ctx.db, ctx.audit, ctx.clock),
        signNetworkClaim(ctx.db, ctx.loaded.config.cameraNetwork, ctx.clock.now()),
      );
      const signs = signsFor(inputs, selection);
      const store = new SignageStore(ctx.db, ctx.audit, ctx.clock);
      store.confirm(signs, cliActor());
      const statuses = store.recordStaleness(allSigns(inputs), ctx.alarms);
      for (const s of statuses) io.out(`${s.key}: ${describeSignStatus(s)}`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
