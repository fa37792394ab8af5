import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { main } from '../../src/cli/main.js';
import type { CommandIo } from '../../src/cli/command.js';

/**
 * `premises request letter` against a real index under the QC profile:
 * French by default (the site's main language), another language on
 * request, the response refused without --export or --none, and each letter
 * written audited.
 */
const CONFIG = `
dataDir: ./data
jurisdiction: QC
timezone: America/Toronto
site: {languages: [fr, en]}
business:
  name: Bistro du Coin
  address: 12 rue Principale, Montréal QC
  contact: {name: Responsable, email: vp@bistro.example}
cameras:
  - id: caisse
    rtsp: rtsp://127.0.0.1:8554/caisse
    purposes: ["Enquêter sur les écarts de caisse"]
    area: cash
`;

void describe('premises request letter', () => {
  let dir = '';
  let cfg = '';
  const cli = async (...args: string[]) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CommandIo = { out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: process.stdin, env: {} };
    const code = await main([...args, '--config', cfg], io);
    return { code, out: stdout.join('\n'), err: stderr.join('\n') };
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'premises-letter-'));
    cfg = join(dir, 'premises.yaml');
    writeFileSync(cfg, CONFIG);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('writes the acknowledgement in French, then in Traditional Chinese on request, each audited', async () => {
    const add = await cli('request', 'add', '--requester', 'Jean Tremblay', '--identity', 'carte à la caisse', '--received', '2026-03-10', '--camera', 'caisse', '--from', '2026-03-09T17:00:00Z', '--to', '2026-03-09T18:00:00Z', '--description', 'manteau bleu');
    assert.equal(add.code, 0, add.err);
    const fr = join(dir, 'ack-fr.html');
    let r = await cli('request', 'letter', '1', '--kind', 'acknowledgement', '--out', fr);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\(acknowledgement, fr\)/);
    const html = readFileSync(fr, 'utf8');
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /Nous vous répondrons au plus tard le 2026-04-09/);
    assert.match(html, /2026-03-09 13:00/, 'the window in local time');
    assert.equal(statSync(fr).mode & 0o077, 0, 'a letter naming a person is readable by its owner only');

    const zh = join(dir, 'ack-zh.html');
    r = await cli('request', 'letter', '1', '--kind', 'acknowledgement', '--lang', 'zh-Hant', '--out', zh);
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(zh, 'utf8'), /我們最遲將於 2026-04-09 答覆您/);

    r = await cli('request', 'letter', '1', '--kind', 'response', '--out', join(dir, 'resp.html'));
    assert.equal(r.code, 1);
    assert.match(r.err, /--export ID.*--none/);
    r = await cli('request', 'letter', '1', '--kind', 'acknowledgement', '--lang', 'de', '--out', join(dir, 'x.html'));
    assert.equal(r.code, 2);

    const db = new Database(join(dir, 'data', 'index.db'), { readonly: true });
    try {
      const rows = db.prepare("SELECT subject, details FROM audit_log WHERE action = 'access_request.letter' ORDER BY seq").all() as { subject: string; details: string }[];
      assert.deepEqual(rows.map((x) => [x.subject, (JSON.parse(x.details) as { lang: string }).lang]), [['access_request:1', 'fr'], ['access_request:1', 'zh-Hant']]);
    } finally {
      db.close();
    }
  });
});
