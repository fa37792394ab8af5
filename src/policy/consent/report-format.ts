import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { PremisesError } from '../../shared/errors.js';
import type { Language } from '../../shared/languages.js';
import { reportMarkdownToHtml } from './report-html.js';
import { REPORT_TEXT } from './report-text.js';

/** What `premises report --out FILE` writes, chosen by the file's extension. */
export type ReportFormat = 'markdown' | 'html' | 'pdf';

const BY_EXTENSION: Record<string, ReportFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

export function reportFormatOf(file: string): ReportFormat {
  const format = BY_EXTENSION[extname(file).toLowerCase()];
  if (!format) {
    throw new PremisesError('InvalidArgument', `--out ${file}: name the file .html (print it from a browser), .pdf or .md; the format follows the extension`);
  }
  return format;
}

export const REPORT_TITLE = REPORT_TEXT.en.title;

/** Debian's and most distributions' names for a headless-capable Chromium. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The report as PDF: the printable HTML page printed by headless Chromium,
 * which keeps the tables and page breaks of the HTML version. Chromium is
 * optional; without it the error says to use .html instead.
 */
export function htmlToPdf(html: string, timeoutMs = 60_000): Promise<Buffer> {
  const browser = CHROMIUM.find((b) => existsSync(b));
  if (!browser) {
    return Promise.reject(new PremisesError('FailedPrecondition', 'writing a PDF needs Chromium (apt-get install chromium); or write report.html and print it from a browser'));
  }
  const dir = mkdtempSync(join(tmpdir(), 'premises-report-'));
  const page = join(dir, 'report.html');
  const pdf = join(dir, 'report.pdf');
  writeFileSync(page, html, 'utf8');
  const args = [
    '--headless',
    '--disable-gpu',
    '--no-pdf-header-footer',
    // Its own throw-away profile: nothing read from or left in anyone's browser profile.
    `--user-data-dir=${join(dir, 'profile')}`,
    `--print-to-pdf=${pdf}`,
    // Chromium refuses to run as root with its sandbox; the page is our own, with a CSP that forbids scripts.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    `file://${page}`,
  ];
  return new Promise<Buffer>((resolve, reject) => {
    execFile(browser, args, { timeout: timeoutMs }, (err, _stdout, stderr) => {
      try {
        if (err || !existsSync(pdf)) {
          reject(new PremisesError('Internal', `Chromium could not print the report to PDF: ${(stderr || (err?.message ?? '')).trim().split('\n').slice(-3).join(' ')}`));
          return;
        }
        resolve(readFileSync(pdf));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** The bytes to write for `format`, from renderReport's Markdown. */
export async function reportBytes(markdown: string, format: ReportFormat, lang: Language = 'en'): Promise<Buffer> {
  if (format === 'markdown') return Buffer.from(markdown, 'utf8');
  const html = reportMarkdownToHtml(markdown, REPORT_TEXT[lang].title, lang);
  if (format === 'html') return Buffer.from(html, 'utf8');
  return htmlToPdf(html);
}
