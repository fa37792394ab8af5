import { renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { htmlToPdf, type ReportFormat } from '../../policy/consent/report-format.js';
import { reportMarkdownToHtml } from '../../policy/consent/report-html.js';
import { fsyncDir, fsyncPath } from '../../shared/fsync.js';

/** Write a Markdown document as the extension asks (Markdown, printable HTML or PDF), atomically; returns the path. */
export async function writeDocument(file: string, markdown: string, format: ReportFormat, title: string, lang = 'en'): Promise<string> {
  const out = resolve(file);
  const bytes =
    format === 'markdown'
      ? Buffer.from(markdown, 'utf8')
      : format === 'html'
        ? Buffer.from(reportMarkdownToHtml(markdown, title, lang), 'utf8')
        : await htmlToPdf(reportMarkdownToHtml(markdown, title, lang));
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  fsyncPath(tmp);
  renameSync(tmp, out);
  fsyncDir(dirname(out));
  return out;
}
