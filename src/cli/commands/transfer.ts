import { cliActor } from '../../audit/log.js';
import { Transfers, type TransferRecord } from '../../egress/transfer.js';
import { parse, requireString, UsageError } from '../args.js';
import type { Command, CommandIo } from '../command.js';
import { openContext } from '../../daemon/context.js';
import { iso } from '../../shared/iso.js';


function report(io: CommandIo, t: TransferRecord, json: boolean | undefined): void {
  if (json) {
    io.out(JSON.stringify(t));
    return;
  }
  switch (t.state) {
    case 'awaiting-approval':
      io.out(`transfer ${t.id}: export ${t.exportId} under ${t.policy} awaits approval by a second person: premises transfer approve ${t.id}`);
      break;
    case 'done':
      io.out(`transfer ${t.id}: sent export ${t.exportId} under ${t.policy}: ${t.bytesSent ?? 0} bytes, ${t.files?.length ?? 0} file(s)`);
      break;
    case 'approved':
      io.out(`transfer ${t.id}: approved; download it from the dashboard`);
      break;
    case 'refused':
    case 'failed':
    case 'sending':
      io.out(`transfer ${t.id}: ${t.state}${t.reason ? `: ${t.reason}` : ''}`);
      break;
  }
}

export const transfer: Command = {
  name: 'transfer',
  summary: 'Send an export under a transfer policy (audited before and after; refused without a policy)',
  usage: 'transfer EXPORT_ID --policy NAME [--json] [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, policy: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one export id (premises export list)');
    const policy = requireString(values.policy, '--policy NAME');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const t = await new Transfers({ ...ctx, progress: (line) => io.err(line) }).request(positionals[0]!, policy, { actor: cliActor(), via: 'cli' });
      report(io, t, values.json);
      return t.state === 'done' || t.state === 'awaiting-approval' ? 0 : 1;
    } finally {
      ctx.close();
    }
  },
};

export const transferApprove: Command = {
  name: 'transfer approve',
  summary: 'Approve a transfer asked for by someone else; it is then sent',
  usage: 'transfer approve TRANSFER_ID [--json] [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (positionals.length !== 1 || !/^\d+$/.test(positionals[0]!)) throw new UsageError('give one transfer id (premises transfer list)');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const t = await new Transfers({ ...ctx, progress: (line) => io.err(line) }).approve(Number(positionals[0]), cliActor());
      report(io, t, values.json);
      return t.state === 'done' || t.state === 'approved' ? 0 : 1;
    } finally {
      ctx.close();
    }
  },
};

export const transferList: Command = {
  name: 'transfer list',
  summary: 'List transfers: asked, approved, sent, refused',
  usage: 'transfer list [--json] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const all = new Transfers(ctx).list();
      if (values.json) io.out(JSON.stringify(all));
      else if (all.length === 0) io.out('no transfers');
      else
        for (const t of all) {
          io.out(`${t.id}  ${iso(t.requestedAt)}  export ${t.exportId}  policy ${t.policy}  by ${t.requestedBy}${t.approvedBy ? `  approved by ${t.approvedBy}` : ''}  ${t.state}${t.bytesSent !== null ? `  ${t.bytesSent} bytes` : ''}${t.reason ? `  (${t.reason})` : ''}`);
        }
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
