import { cliActor } from '../../audit/log.js';
import { isLocked } from '../../daemon/lock.js';
import { SegmentIngestor } from '../../segments/ingest.js';
import { claimRecordings, ownership } from '../../segments/ownership.js';
import { inspect, repair, type Disagreement } from '../../segments/reconcile.js';
import { SegmentStore } from '../../segments/store.js';
import { sleep } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';

const key = (d: Disagreement) => `${d.kind}|${d.path ?? ''}|${d.detail}`;

export const check: Command = {
  name: 'check',
  summary: 'Compare the index with the files on disk; --repair applies the start-up reconciliation',
  usage: 'check [--config FILE] [--repair [--adopt]] [--hash] [--json]',
  async run(argv, io) {
    const { values } = parse(argv, {
      config: { type: 'string' },
      repair: { type: 'boolean', default: false },
      adopt: { type: 'boolean', default: false },
      hash: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const store = new SegmentStore(ctx.db);
      const running = await isLocked(ctx.layout.dataDir);
      if (values.repair) {
        if (running) throw new PremisesError('FailedPrecondition', 'Premises is running on this data directory; it reconciles by itself at start. Stop it before --repair.');
        claimRecordings(ctx.layout, store, { adopt: values.adopt });
        const ingestor = new SegmentIngestor(ctx.db, ctx.layout, store, ctx.audit, ctx.clock, ctx.log);
        const summary = await repair({ ...ctx, store, ingestor, actor: cliActor() });
        io.out(`repaired: ${JSON.stringify(summary)}`);
      }
      const owner = ownership(ctx.layout, store);
      let problems = await inspect(ctx.layout, store, { running, hash: values.hash });
      if (running && problems.length > 0) {
        // A segment may be between its rename and its row at this instant: look again before reporting.
        await sleep(3000);
        const again = new Set((await inspect(ctx.layout, store, { running, hash: values.hash })).map(key));
        problems = problems.filter((p) => again.has(key(p)));
      }
      if (owner.state === 'foreign') {
        problems.unshift({ kind: 'stray', cameraId: null, path: ctx.layout.dbUuidPath, detail: `recordings belong to another index (${owner.fileUuid ?? 'no marker'}); see premises check --repair --adopt` });
      }
      // Say which install was checked: without --config this is config/default.yaml (or PREMISES_CONFIG),
      // which may not be the one a running Premises uses.
      const configFrom: ConfigSource = values.config ? 'flag' : io.env.PREMISES_CONFIG ? 'PREMISES_CONFIG' : 'default';
      const checked = { config: ctx.loaded.path, dataDir: ctx.layout.dataDir, configFrom };
      if (values.json) {
        io.out(JSON.stringify({ ...checked, running, problems }, null, 2));
      } else {
        io.out(checkedLine(checked));
        if (problems.length === 0) io.out(`index and files agree${running ? ' (recording in progress)' : ''}`);
        else for (const p of problems) io.out(`${p.kind}\t${p.cameraId ?? '-'}\t${p.path ?? '-'}\t${p.detail}`);
      }
      return problems.length === 0 ? 0 : 1;
    } finally {
      ctx.close();
    }
  },
};

type ConfigSource = 'flag' | 'PREMISES_CONFIG' | 'default';

export function checkedLine(checked: { config: string; dataDir: string; configFrom: ConfigSource }): string {
  const hint = checked.configFrom === 'default' ? ' (the default; pass --config FILE to check another install)' : '';
  return `checked configuration ${checked.config}${hint}, data in ${checked.dataDir}`;
}
