import { cliActor } from '../../audit/log.js';
import { signNetworkClaim } from '../../containment/status.js';
import { describeTarget, DOWNLOAD_ROLES, isActive, PolicyStore, TRANSFERABLE_DATA, type NewPolicy, type PolicyTarget, type TransferableData } from '../../policy/consent/transfer-policies.js';
import { recordSignStaleness } from '../../policy/consent/transfer-signs.js';
import { parse, parseIsoTime, requireString, UsageError } from '../args.js';
import type { Command, CommandIo } from '../command.js';
import { openContext } from '../../daemon/context.js';
import { iso } from '../../shared/iso.js';


function staleNote(io: CommandIo, stale: string[]): void {
  if (stale.length > 0) io.out(`posted signs now stale (${stale.join(', ')}): reprint with premises signage --all --out FILE.html, post, then premises signage confirm --all`);
}

export const transferPolicyAdd: Command = {
  name: 'transfer-policy add',
  summary: 'Allow exports to leave the premises to one exact destination, recipient, country and legal basis, until a date (audited)',
  usage:
    'transfer-policy add NAME --kind folder|sftp|https|download|backup --recipient ORG --country COUNTRY --legal-basis TEXT --expires ISO [--data exports] [--requires-approval]\n' +
    '  folder:   --path /media/DRIVE (mount point of a removable drive)\n' +
    '  sftp:     --host H [--port 22] --remote-path /DIR --user U --key-file /ABS/KEY --host-key SHA256:… (as ssh-keygen -lf prints it)\n' +
    '  https:    --url https://… --cert-sha256 HEX (openssl x509 -noout -fingerprint -sha256)\n' +
    '  download: --roles owner[,manager,viewer]\n' +
    '  backup:   --via folder|sftp and that kind\'s options (sealed backup archives only; data is backups)\n' +
    '  [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        config: { type: 'string' },
        kind: { type: 'string' },
        recipient: { type: 'string' },
        country: { type: 'string' },
        'legal-basis': { type: 'string' },
        expires: { type: 'string' },
        data: { type: 'string' },
        'requires-approval': { type: 'boolean' },
        path: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'remote-path': { type: 'string' },
        user: { type: 'string' },
        'key-file': { type: 'string' },
        'host-key': { type: 'string' },
        url: { type: 'string' },
        'cert-sha256': { type: 'string' },
        roles: { type: 'string' },
        via: { type: 'string' },
      },
      true,
    );
    if (positionals.length !== 1) throw new UsageError('give the policy a name');
    const kind = requireString(values.kind, '--kind folder|sftp|https|download|backup');
    const destinationOf = (kind: string): PolicyTarget => {
      switch (kind) {
        case 'folder':
          return { kind, path: requireString(values.path, '--path /media/DRIVE') };
        case 'sftp': {
          const port = values.port === undefined ? 22 : Number(values.port);
          return {
            kind,
            host: requireString(values.host, '--host H'),
            port,
            path: requireString(values['remote-path'], '--remote-path /DIR'),
            user: requireString(values.user, '--user U'),
            keyFile: requireString(values['key-file'], '--key-file /ABS/KEY'),
            hostKeyFingerprint: requireString(values['host-key'], '--host-key SHA256:…'),
          };
        }
        case 'https':
          return { kind, url: requireString(values.url, '--url https://…'), certFingerprint: requireString(values['cert-sha256'], '--cert-sha256 HEX') };
        case 'download':
          return { kind, roles: requireString(values.roles, `--roles ${DOWNLOAD_ROLES.join(',')}`).split(',').map((r) => r.trim()) as (typeof DOWNLOAD_ROLES)[number][] };
        case 'backup': {
          const via = requireString(values.via, '--via folder|sftp');
          if (via !== 'folder' && via !== 'sftp') throw new UsageError(`--via is folder or sftp, not "${via}"`);
          return { kind, destination: destinationOf(via) as Extract<PolicyTarget, { kind: 'folder' | 'sftp' }> };
        }
        default:
          throw new UsageError(`--kind is folder, sftp, https, download or backup, not "${kind}"`);
      }
    };
    const target = destinationOf(kind);
    const policy: NewPolicy = {
      name: positionals[0]!,
      target,
      recipientOrg: requireString(values.recipient, '--recipient ORG'),
      country: requireString(values.country, '--country COUNTRY'),
      legalBasis: requireString(values['legal-basis'], '--legal-basis TEXT'),
      data: (values.data ?? (kind === 'backup' ? 'backups' : 'exports')).split(',').map((d) => d.trim()) as TransferableData[],
      expiresAt: parseIsoTime(requireString(values.expires, '--expires ISO'), '--expires'),
      requiresApproval: values['requires-approval'] ?? false,
    };
    const ctx = openContext(values.config, { env: io.env });
    try {
      const p = new PolicyStore(ctx.db, ctx.audit, ctx.clock).add(policy, cliActor(), ctx.layout.dataDir);
      io.out(`transfer policy ${p.name}: ${describeTarget(p.target)}; recipient ${p.recipientOrg} (${p.country}); until ${iso(p.expiresAt)}${p.requiresApproval ? '; each transfer needs a second person' : ''}`);
      staleNote(io, recordSignStaleness(ctx.loaded.config, ctx.db, ctx.audit, ctx.clock, ctx.alarms, signNetworkClaim(ctx.db, ctx.loaded.config.cameraNetwork, ctx.clock.now())));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const transferPolicyList: Command = {
  name: 'transfer-policy list',
  summary: 'List transfer policies in force (--all: revoked and expired ones too)',
  usage: `transfer-policy list [--all] [--json] [--config FILE]   (data allowed: ${TRANSFERABLE_DATA.join(', ')})`,
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const policies = new PolicyStore(ctx.db, ctx.audit, ctx.clock).list({ includeInactive: values.all ?? false });
      const now = ctx.clock.now();
      if (values.json) io.out(JSON.stringify(policies.map((p) => ({ ...p, active: isActive(p, now) }))));
      else if (policies.length === 0) io.out('no transfer policy: nothing leaves the premises');
      else
        for (const p of policies) {
          const status = p.revokedAt !== null ? `revoked ${iso(p.revokedAt)}` : isActive(p, now) ? `until ${iso(p.expiresAt)}` : `expired ${iso(p.expiresAt)}`;
          io.out(`${p.name}  ${describeTarget(p.target)}  recipient: ${p.recipientOrg} (${p.country})  basis: ${p.legalBasis}  data: ${p.data.join(',')}  ${status}${p.requiresApproval ? '  approval required' : ''}`);
        }
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const transferPolicyRevoke: Command = {
  name: 'transfer-policy revoke',
  summary: 'Revoke a transfer policy now (audited; later transfers under it are refused)',
  usage: 'transfer-policy revoke NAME --reason TEXT [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, reason: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give the name of the policy');
    const reason = requireString(values.reason, '--reason TEXT');
    const ctx = openContext(values.config, { env: io.env });
    try {
      new PolicyStore(ctx.db, ctx.audit, ctx.clock).revoke(positionals[0]!, reason, cliActor());
      io.out(`transfer policy ${positionals[0]!} revoked: transfers under it are refused from now on`);
      staleNote(io, recordSignStaleness(ctx.loaded.config, ctx.db, ctx.audit, ctx.clock, ctx.alarms, signNetworkClaim(ctx.db, ctx.loaded.config.cameraNetwork, ctx.clock.now())));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
