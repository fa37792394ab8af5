import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeInstall } from '../support/install.js';

const BUSINESS = `business:
  name: Format Bistro
  address: 1 Test Street
  contact: { name: Manager, email: manager@example.org }
cameras: []
`;

void describe('premises report --out: the format follows the extension', () => {
  void it('writes HTML for .html, Markdown for .md, PDF for .pdf, and refuses an extension it cannot write', async () => {
    const install = makeInstall(BUSINESS);
    try {
      const html = join(install.dir, 'report.html');
      let r = await install.run(['report', '--out', html]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /\(HTML\)/);
      const page = readFileSync(html, 'utf8');
      assert.match(page, /^<!doctype html>/);
      assert.match(page, /<h1>Record of processing: video surveillance<\/h1>/);
      assert.match(page, /Format Bistro/);
      assert.doesNotMatch(page, /^# /m, 'no Markdown headings left in the HTML');
      assert.match(page, /@media print/, 'the page carries print rules');

      const md = join(install.dir, 'report.md');
      r = await install.run(['report', '--out', md]);
      assert.equal(r.code, 0, r.err);
      assert.match(readFileSync(md, 'utf8'), /^# Record of processing: video surveillance/);

      const pdf = join(install.dir, 'report.pdf');
      r = await install.run(['report', '--out', pdf]);
      assert.equal(r.code, 0, r.err);
      const bytes = readFileSync(pdf);
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(bytes.length > 2000, `a PDF with content (${bytes.length} bytes)`);

      const docx = join(install.dir, 'report.docx');
      r = await install.run(['report', '--out', docx]);
      assert.notEqual(r.code, 0);
      assert.match(r.err, /\.html.*\.pdf.*\.md/);
      assert.equal(existsSync(docx), false);
    } finally {
      install.cleanup();
    }
  });
});
