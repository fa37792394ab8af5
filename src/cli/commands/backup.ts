import { resolve } from 'node:path';
import { createBackup, readPassphrase, restoreBackup } from '../../backup/backup.js';
import { recoverBackups } from '../../backup/recovery.js';
import { sendBackup } from '../../backup/send.js';
import { DURABILITY_TEXT } from '../../egress/transfer.js';
import { cliActor } from '../../audit/log.js';
import { formatFingerprint } from '../../keys/signing.js';
import { systemClock } from '../../shared/clock.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const backup: Command = {
  name: 'backup',
  summary: 'Seal the index, the configuration and the keys into one encrypted, authenticated archive in dataDir/backups/',
  usage: 'backup [--passphrase-file FILE] [--send POLICY] [--config FILE]   (or PREMISES_BACKUP_PASSPHRASE; --send: then send it under that backup policy)',
  async run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, 'passphrase-file': { type: 'string' }, send: { type: 'string' } });
    const passphrase = readPassphrase(values['passphrase-file'], io.env);
    const ctx = openContext(values.config, { env: io.env });
    try {
      recoverBackups({ db: ctx.db, layout: ctx.layout, audit: ctx.audit, clock: ctx.clock }, { atStartup: false });
      const made = await createBackup({ db: ctx.db, layout: ctx.layout, configText: ctx.loaded.text, passphrase, audit: ctx.audit, clock: ctx.clock, actor: cliActor() });
      io.out(
        `backup sealed into ${made.path} (${made.bytes} bytes, sha256 ${made.sha256})\n` +
          'It is encrypted and authenticated with the passphrase, but still holds personal data: copy it off the machine only under a transfer policy of kind backup. Keep the passphrase apart from it.',
      );
      if (values.send) {
        const sent = await sendBackup({ db: ctx.db, layout: ctx.layout, audit: ctx.audit, clock: ctx.clock }, made.path, values.send, cliActor());
        io.out(`sent under policy ${values.send} to ${sent.where} (transfer ${sent.transferId}; ${DURABILITY_TEXT[sent.durable] ?? sent.durable})`);
      }
      return 0;
    } finally {
      ctx.close();
    }
  },
};

export const backupSend: Command = {
  name: 'backup send',
  summary: 'Send a sealed backup archive off the premises under a transfer policy of kind backup (audited)',
  usage: 'backup send ARCHIVE --policy NAME [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, policy: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give the sealed archive (dataDir/backups/premises-backup-….pbk)');
    if (!values.policy) throw new UsageError('give --policy NAME: a transfer policy of kind backup');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const sent = await sendBackup({ db: ctx.db, layout: ctx.layout, audit: ctx.audit, clock: ctx.clock }, positionals[0] as string, values.policy, cliActor());
      io.out(`sent under policy ${values.policy} to ${sent.where} (transfer ${sent.transferId}; ${DURABILITY_TEXT[sent.durable] ?? sent.durable})`);
      return 0;
    } finally {
      ctx.close();
    }
  },
};

export const restore: Command = {
  name: 'restore',
  summary: 'Restore a backup onto a new machine: writes the configuration to --config, the index and keys into its dataDir',
  usage: 'restore ARCHIVE --config FILE [--passphrase-file FILE]   (or PREMISES_BACKUP_PASSPHRASE; an older backup folder works too)',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, 'passphrase-file': { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give the backup archive (dataDir/backups/premises-backup-….pbk)');
    if (!values.config) throw new UsageError('give --config FILE: where to write the restored configuration');
    const passphrase = readPassphrase(values['passphrase-file'], io.env);
    const { dataDir, manifest } = await restoreBackup({ backup: resolve(positionals[0] as string), configOut: values.config, passphrase, clock: systemClock, actor: cliActor() });
    io.out(
      [
        `restored the backup of ${manifest.createdAt} into ${dataDir}`,
        manifest.keyFingerprint ? `signing key ${formatFingerprint(manifest.keyFingerprint)} (compare with the one you wrote down)` : '',
        manifest.recordingsUuid
          ? `recordings belong to index ${manifest.recordingsUuid}: Premises refuses recordings folders with another UUID until told`
          : 'no recordings UUID was recorded in the backup',
        'Run `premises audit verify` now.',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    return 0;
  },
};
