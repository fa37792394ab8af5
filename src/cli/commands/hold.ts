import { isKnownCamera } from '../../cameras/registry.js';
import { cliActor } from '../../audit/log.js';
import { HOLD_KINDS, Holds, isHoldKind, type Hold, type NewHold } from '../../policy/retention/holds.js';
import { PremisesError } from '../../shared/errors.js';
import { parse, parseIsoTime, requireString, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';
import { iso } from '../../shared/iso.js';


/** A time for the listing; '-' when unset. */
const shown = (ms: number | null): string => iso(ms) ?? '-';

export function formatHold(h: Hold): string {
  const state = h.releasedAt === null ? 'active' : `released ${shown(h.releasedAt)} by ${h.releasedBy ?? '?'}: ${h.releaseReason ?? ''}`;
  return [
    `hold ${h.id} [${h.kind}] camera ${h.cameraId} ${shown(h.fromMs)} .. ${shown(h.toMs)} (${state})`,
    `  reason: ${h.reason}`,
    `  by ${h.createdBy} at ${shown(h.createdAt)}; review ${shown(h.reviewAt)}${h.decidedAt !== null ? `; decision ${shown(h.decidedAt)}` : ''}`,
  ].join('\n');
}

export const holdAdd: Command = {
  name: 'hold add',
  summary: 'Keep footage of a camera and time range from any deletion',
  usage: `hold add --camera ID --from ISO --to ISO --kind ${HOLD_KINDS.join('|')} --reason TEXT [--review ISO] [--decided ISO] [--config FILE]`,
  run(argv, io) {
    const { values } = parse(argv, {
      config: { type: 'string' },
      camera: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      kind: { type: 'string' },
      reason: { type: 'string' },
      review: { type: 'string' },
      decided: { type: 'string' },
    });
    const kind = requireString(values.kind, '--kind');
    if (!isHoldKind(kind)) throw new UsageError(`--kind must be one of ${HOLD_KINDS.join(', ')}`);
    const input: NewHold = {
      cameraId: requireString(values.camera, '--camera ID'),
      fromMs: parseIsoTime(requireString(values.from, '--from ISO'), '--from'),
      toMs: parseIsoTime(requireString(values.to, '--to ISO'), '--to'),
      kind,
      reason: requireString(values.reason, '--reason TEXT'),
    };
    if (values.review) input.reviewAt = parseIsoTime(values.review, '--review');
    if (values.decided) {
      if (kind !== 'decision') throw new UsageError('--decided is only for --kind decision');
      input.decidedAt = parseIsoTime(values.decided, '--decided');
    }
    const ctx = openContext(values.config, { env: io.env });
    try {
      if (!isKnownCamera(ctx.loaded.config, ctx.db, input.cameraId)) throw new PremisesError('NotFound', `no camera "${input.cameraId}" in the configuration or the index`);
      const hold = new Holds(ctx.db, ctx.audit, ctx.clock).add(input, cliActor());
      io.out(formatHold(hold));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const holdList: Command = {
  name: 'hold list',
  summary: 'List active holds (--all: released ones too)',
  usage: 'hold list [--all] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, all: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const holds = new Holds(ctx.db, ctx.audit, ctx.clock).list({ includeReleased: values.all ?? false });
      io.out(holds.length === 0 ? 'no holds' : holds.map(formatHold).join('\n'));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const holdRelease: Command = {
  name: 'hold release',
  summary: 'Release a hold; its footage then follows the retention rules again',
  usage: 'hold release ID --reason TEXT [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, reason: { type: 'string' } }, true);
    const id = Number(positionals[0]);
    if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) throw new UsageError('give one hold ID');
    const reason = requireString(values.reason, '--reason TEXT');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const hold = new Holds(ctx.db, ctx.audit, ctx.clock).release(id, reason, cliActor());
      io.out(formatHold(hold));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
