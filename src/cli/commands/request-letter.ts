import { renameSync, writeFileSync } from 'node:fs';
import { cliActor } from '../../audit/log.js';
import { issueLetter } from '../../disclosure/requests/letter-issue.js';
import { isLanguage, LANGUAGE_CODES } from '../../shared/languages.js';
import { UsageError, parse, requireString } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

/**
 * `premises request letter`: the acknowledgement or the response to an access request, in the requester's language
 * (recorded on the request; `--lang` for another). The letter is on the record before the file is written: a
 * letter recorded but not written is harmless, one written but not recorded is not.
 */
export const requestLetter: Command = {
  name: 'request letter',
  summary: "Write the letter to the person who asked: acknowledgement, or response with the export (in their language)",
  usage: `request letter ID --kind acknowledgement|response [--export ID | --none] [--lang ${LANGUAGE_CODES.join('|')}] --out FILE.html [--config FILE]`,
  run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { config: { type: 'string' }, kind: { type: 'string' }, lang: { type: 'string' }, export: { type: 'string' }, none: { type: 'boolean' }, out: { type: 'string' } },
      true,
    );
    if (positionals.length !== 1 || !/^\d+$/.test(positionals[0]!)) throw new UsageError('give the request id');
    const kind = requireString(values.kind, '--kind acknowledgement|response');
    if (kind !== 'acknowledgement' && kind !== 'response') throw new UsageError('--kind is acknowledgement or response');
    if (values.lang !== undefined && !isLanguage(values.lang)) throw new UsageError(`--lang is one of ${LANGUAGE_CODES.join(', ')}`);
    if (kind === 'acknowledgement' && (values.export !== undefined || values.none)) throw new UsageError('--export and --none are for --kind response');
    if (values.export !== undefined && values.none) throw new UsageError('give --export ID or --none, not both');
    const out = requireString(values.out, '--out FILE.html');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const { request, lang, html } = issueLetter(
        { db: ctx.db, audit: ctx.audit, clock: ctx.clock, config: ctx.loaded.config, keysDir: ctx.layout.keysDir },
        {
          requestId: Number(positionals[0]),
          kind,
          ...(values.lang !== undefined && isLanguage(values.lang) ? { lang: values.lang } : {}),
          ...(values.export !== undefined ? { exportId: values.export } : {}),
          ...(values.none ? { noneFound: true } : {}),
        },
        cliActor(),
      );
      const tmp = `${out}.tmp-${process.pid}`;
      writeFileSync(tmp, html, { encoding: 'utf8', mode: 0o600 });
      renameSync(tmp, out);
      io.out(`wrote ${out} (${kind}, ${lang}) for access request ${request.id}`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
