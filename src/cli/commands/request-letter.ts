import { renameSync, writeFileSync } from 'node:fs';
import { cliActor } from '../../audit/log.js';
import { withIndexCameras } from '../../policy/consent/cameras.js';
import { siteLanguages } from '../../config/site-languages.js';
import { priorDisclosures } from '../../disclosure/export/disclosures.js';
import { renderLetter } from '../../disclosure/requests/letters.js';
import { AccessRequests } from '../../disclosure/requests/requests.js';
import { businessDate } from '../../shared/local-date.js';
import { isLanguage, LANGUAGE_CODES } from '../../shared/languages.js';
import { UsageError, parse, requireString } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

/** `premises request letter`: the acknowledgement or the response to an access request, in the requester's language. */
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
      const config = withIndexCameras(ctx.loaded.config, ctx.db);
      const request = new AccessRequests(ctx.db, ctx.audit, ctx.clock).get(Number(positionals[0]));
      const lang = values.lang !== undefined && isLanguage(values.lang) ? values.lang : (siteLanguages(config)[0] ?? 'en');
      const html = renderLetter({
        kind,
        lang,
        request,
        config,
        today: businessDate(config.timezone, ctx.clock.now()),
        purposesOf: (id) => config.cameras.find((c) => c.id === id)?.purposes ?? [],
        ...(kind === 'response' ? { disclosures: priorDisclosures(ctx.db, request.cameras, request.fromMs, request.toMs) } : {}),
        ...(values.export !== undefined ? { exportId: values.export } : {}),
        ...(values.none ? { noneFound: true } : {}),
      });
      const tmp = `${out}.tmp-${process.pid}`;
      writeFileSync(tmp, html, { encoding: 'utf8', mode: 0o600 });
      renameSync(tmp, out);
      // The letter names a person and what was disclosed about them: its writing is on the record.
      ctx.audit.append({ actor: cliActor(), action: 'access_request.letter', subject: `access_request:${request.id}`, details: { kind, lang, export: values.export ?? null } });
      io.out(`wrote ${out} (${kind}, ${lang}) for access request ${request.id}`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
