import { readFileSync } from 'node:fs';
import { cliActor } from '../../audit/log.js';
import { currentDpiaFacts, dpiaRequired, dpiaReviewNow, type StaffDpiaDeps } from '../../api/staff-dpia-inputs.js';
import { openContext, type AppContext } from '../../daemon/context.js';
import { DPIA_QUESTIONS, dpiaTitle, renderDpia } from '../../policy/consent/dpia.js';
import { documentLanguage } from '../../policy/consent/document-language.js';
import { DpiaStore } from '../../policy/consent/dpia-store.js';
import { reportFormatOf } from '../../policy/consent/report-format.js';
import { parse, requireString, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { writeDocument } from './write-document.js';

const deps = (ctx: AppContext): StaffDpiaDeps => ({ config: ctx.loaded.config, db: ctx.db, audit: ctx.audit, clock: ctx.clock });

export const dpiaShow: Command = {
  name: 'dpia show',
  summary:
    "Show the privacy impact assessment: facts filled in from the configuration and index, your answers, the review state (--out FILE.html, .pdf or .md; --lang one of the site's languages)",
  usage: 'dpia show [--version N | --versions] [--out FILE.html|FILE.pdf|FILE.md] [--lang en|fr|es|zh-Hans|zh-Hant] [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, out: { type: 'string' }, version: { type: 'string' }, versions: { type: 'boolean' }, lang: { type: 'string' } });
    const format = values.out === undefined ? 'markdown' : reportFormatOf(values.out);
    const ctx = openContext(values.config, { env: io.env });
    try {
      const lang = documentLanguage(ctx.loaded.config, values.lang);
      const { jurisdiction, timezone } = ctx.loaded.config;
      const store = new DpiaStore(ctx.db, ctx.audit, ctx.clock);
      const d = deps(ctx);
      if (values.versions) {
        const versions = store.versions();
        io.out(versions.length === 0 ? 'no saved versions' : versions.map((v) => `version ${v.version}  saved ${new Date(v.savedAt).toISOString()} by ${v.savedBy}  sha256 ${v.sha256}`).join('\n'));
        io.out(dpiaReviewNow(d).text);
        return 0;
      }
      let markdown: string;
      if (values.version !== undefined) {
        const n = Number(values.version);
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--version: give a saved version number (dpia show --versions)');
        const saved = store.get(n);
        markdown = renderDpia(saved.facts, saved.answers, { generatedAt: ctx.clock.now(), jurisdiction, timezone, lang, saved });
      } else {
        const facts = currentDpiaFacts(d);
        markdown = renderDpia(facts, store.answerTexts(), { generatedAt: ctx.clock.now(), jurisdiction, timezone, lang, review: dpiaReviewNow(d, facts) });
      }
      if (values.out === undefined) io.out(markdown);
      else io.out(`wrote ${await writeDocument(values.out, markdown, format, dpiaTitle(lang, jurisdiction), lang)}`);
      return 0;
    } finally {
      ctx.close();
    }
  },
};

export const dpiaAnswer: Command = {
  name: 'dpia answer',
  summary: `Answer one of the assessment's questions (${DPIA_QUESTIONS.map((q) => q.key).join(', ')}); an empty text clears it`,
  usage: `dpia answer ${DPIA_QUESTIONS.map((q) => q.key).join('|')} (--text TEXT | --file FILE) [--config FILE]`,
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, text: { type: 'string' }, file: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError(`give one question: ${DPIA_QUESTIONS.map((q) => q.key).join(', ')}`);
    if ((values.text === undefined) === (values.file === undefined)) throw new UsageError('give the answer with --text TEXT or --file FILE (one of them)');
    const text = values.text ?? readFileSync(requireString(values.file, '--file FILE'), 'utf8');
    const ctx = openContext(values.config, { env: io.env });
    try {
      new DpiaStore(ctx.db, ctx.audit, ctx.clock).answer(positionals[0] as string, text, cliActor());
      io.out(text.trim() ? `answered ${positionals[0]} (${text.trim().length} characters); premises dpia save records a new version` : `cleared ${positionals[0]}`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const dpiaSave: Command = {
  name: 'dpia save',
  summary: 'Save the assessment as it stands (facts of today and your answers) as a new, fixed version; starts the 12-month review clock',
  usage: 'dpia save [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const d = deps(ctx);
      const saved = new DpiaStore(ctx.db, ctx.audit, ctx.clock).save(currentDpiaFacts(d), dpiaRequired(d), cliActor());
      io.out(`saved assessment version ${saved.version} (sha256 ${saved.sha256}); ${dpiaReviewNow(d).text}`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
