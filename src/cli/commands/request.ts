import { isKnownCamera } from '../../cameras/registry.js';
import { businessDate } from '../../shared/local-date.js';
import { cliActor } from '../../audit/log.js';
import { AccessRequests, overdueRequests, type AccessRequest } from '../../disclosure/requests/requests.js';
import { requesterLanguage } from '../../disclosure/requests/language.js';
import { PremisesError } from '../../shared/errors.js';
import { UsageError, cameraList, parse, parseIsoTime, requireString } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';
import { iso } from '../../shared/iso.js';



function formatRequest(r: AccessRequest, overdue: boolean): string {
  const state = r.closedAt !== null ? `closed ${iso(r.closedAt)}: ${r.outcome ?? ''}` : overdue ? 'OVERDUE' : 'open';
  return [
    r.extendedAt === null
      ? `request ${r.id} (${state}) received ${r.receivedOn}, due ${r.dueOn} (with extension ${r.extendedDueOn})`
      : `request ${r.id} (${state}) received ${r.receivedOn}, extended: due ${r.extendedDueOn} (${r.extensionReason ?? ''})`,
    `  requester: ${r.requester}; identity: ${r.identityVerification}; language: ${r.language ?? 'not recorded'}`,
    `  cameras ${r.cameras.join(',')} ${iso(r.fromMs)} .. ${iso(r.toMs)}; holds ${r.holdIds.join(',') || '-'}`,
    `  ${r.description}`,
    `  rule: ${r.deadlineRule}`,
  ].join('\n');
}

export const requestAdd: Command = {
  name: 'request add',
  summary: "Record an access request from a person filmed: computes the deadline and holds the candidate footage",
  usage:
    'request add --requester TEXT --identity TEXT --received YYYY-MM-DD --camera ID[,ID] --from ISO --to ISO --description TEXT [--lang CODE (one of the site\'s languages; default its main one)] [--due YYYY-MM-DD (custom profile only)] [--json] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, {
      config: { type: 'string' },
      requester: { type: 'string' },
      identity: { type: 'string' },
      received: { type: 'string' },
      camera: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      description: { type: 'string' },
      due: { type: 'string' },
      lang: { type: 'string' },
      json: { type: 'boolean' },
    });
    const cameras = cameraList(values.camera);
    const requester = requireString(values.requester, '--requester TEXT');
    const identityVerification = requireString(values.identity, '--identity TEXT (how the identity was verified)');
    const receivedOn = requireString(values.received, '--received YYYY-MM-DD');
    const fromMs = parseIsoTime(requireString(values.from, '--from ISO'), '--from');
    const toMs = parseIsoTime(requireString(values.to, '--to ISO'), '--to');
    const description = requireString(values.description, '--description TEXT');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const language = requesterLanguage(ctx.loaded.config, values.lang, '--lang');
      for (const c of cameras) if (!isKnownCamera(ctx.loaded.config, ctx.db, c)) throw new PremisesError('NotFound', `no camera "${c}" in the configuration or the index`);
      const req = new AccessRequests(ctx.db, ctx.audit, ctx.clock).add(
        { requester, identityVerification, receivedOn, cameras, fromMs, toMs, description, jurisdiction: ctx.loaded.config.jurisdiction, customDue: values.due, language },
        cliActor(),
      );
      if (values.json) io.out(JSON.stringify({ id: req.id, due: req.dueOn, extendedDue: req.extendedDueOn, holds: req.holdIds }));
      else io.out(formatRequest(req, false));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const requestList: Command = {
  name: 'request list',
  summary: 'List open access requests with their deadlines (--all: closed ones too); overdue ones are marked',
  usage: 'request list [--all] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, all: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const all = new AccessRequests(ctx.db, ctx.audit, ctx.clock).list({ includeClosed: values.all ?? false });
      const overdue = new Set(overdueRequests(all, businessDate(ctx.loaded.config.timezone, ctx.clock.now())).map((r) => r.id));
      io.out(all.length === 0 ? 'no access requests' : all.map((r) => formatRequest(r, overdue.has(r.id))).join('\n'));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const requestClose: Command = {
  name: 'request close',
  summary: 'Close an access request with how it was answered (its holds stay until released with `hold release`)',
  usage: 'request close ID --outcome TEXT [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, outcome: { type: 'string' } }, true);
    if (positionals.length !== 1 || !/^\d+$/.test(positionals[0]!)) throw new UsageError('give the request id');
    const outcome = requireString(values.outcome, '--outcome TEXT');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const r = new AccessRequests(ctx.db, ctx.audit, ctx.clock).close(Number(positionals[0]), outcome, cliActor());
      io.out(formatRequest(r, false));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const requestCheck: Command = {
  name: 'request check',
  summary: 'Raise an alarm for every overdue access request (and clear answered ones); exit 1 when any is overdue',
  usage: 'request check [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const overdue = new AccessRequests(ctx.db, ctx.audit, ctx.clock).checkOverdue(ctx.alarms, businessDate(ctx.loaded.config.timezone, ctx.clock.now()));
      io.out(overdue.length === 0 ? 'no overdue access requests' : overdue.map((r) => `OVERDUE: request ${r.id}, due ${r.dueOn}`).join('\n'));
      return Promise.resolve(overdue.length === 0 ? 0 : 1);
    } finally {
      ctx.close();
    }
  },
};

export const requestExtend: Command = {
  name: 'request extend',
  summary: 'Record that the extension the law allows was taken (before the deadline), with what the requester was told',
  usage: 'request extend ID --reason TEXT [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, reason: { type: 'string' } }, true);
    if (positionals.length !== 1 || !/^\d+$/.test(positionals[0]!)) throw new UsageError('give the request id');
    const reason = requireString(values.reason, '--reason TEXT');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const r = new AccessRequests(ctx.db, ctx.audit, ctx.clock).extend(Number(positionals[0]), reason, businessDate(ctx.loaded.config.timezone, ctx.clock.now()), cliActor());
      io.out(formatRequest(r, false));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
