import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EGRESS_ALLOW_LIST, isAllowed, NETWORK_MODULES, scanSource, scanTree } from '../support/egress-scan.js';

/** The repository root (dist/test/unit -> ../../..): the guard scans the TypeScript sources, not dist/. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

void describe('egress guard', () => {
  void it('no module outside the allow-list can open a network connection (docs/egress.md)', () => {
    const findings = scanTree(ROOT);
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}: ${f.what}`),
      [],
      'a module outside the allow-list can open a network connection; see docs/egress.md',
    );
  });

  void it('catches every way of reaching the network modules, with or without node:', () => {
    for (const mod of NETWORK_MODULES) {
      for (const spec of [mod, `node:${mod}`]) {
        for (const text of [
          `import x from '${spec}';`,
          `import * as x from '${spec}';`,
          `import { createServer } from '${spec}';`,
          `import '${spec}';`,
          `export { request } from '${spec}';`,
          `const x = require('${spec}');`,
          `const x = await import('${spec}');`,
          `import x = require('${spec}');`,
        ]) {
          assert.equal(scanSource('src/x.ts', text).length, 1, text);
        }
      }
    }
    for (const text of [
      "const r = await fetch('http://example.invalid');",
      "void globalThis.fetch(url);",
      "spawn('curl', ['-T', file, url]);",
      "execFileSync('/usr/bin/scp', [file, target]);",
      "import { Client } from 'ssh2';",
      "import axios from 'axios';",
      "const m = await import(name);",
      "import { connect, isIP } from 'node:net';",
    ]) {
      assert.equal(scanSource('src/x.ts', text).length, 1, text);
    }
    assert.deepEqual(scanSource('src/x.ts', "\n\nconst s = require('node:tls');")[0], { file: 'src/x.ts', line: 3, what: 'loads node:tls' });
  });

  void it('ignores comments, strings, type-only imports, address helpers and unrelated fetch methods', () => {
    for (const text of [
      "// never call fetch(url) here; import net from 'net' is forbidden",
      "/* require('https') */",
      "const doc = \"import http from 'http'; fetch(x)\";",
      "import type { Server } from 'node:http';",
      "import { type IncomingMessage } from 'node:http';",
      "export type { Socket } from 'node:net';",
      "import { isIP } from 'node:net';",
      "import { isIPv4 as v4, BlockList } from 'net';",
      "const row = cursor.fetch(1);",
      "spawn('ffmpeg', args);",
      "import { createHash } from 'node:crypto';",
    ]) {
      assert.deepEqual(scanSource('src/x.ts', text), [], text);
    }
  });

  void it('the allow-list names files exactly and folders by prefix', () => {
    assert.equal(isAllowed('src/daemon/lock.ts'), true);
    assert.equal(isAllowed('src/api/server.ts'), true);
    assert.equal(isAllowed('src/cameras/onvif/discovery.ts'), true);
    assert.equal(isAllowed('src/cameras/onvif/deep/http.ts'), true);
    assert.equal(isAllowed('src/api/routes.ts'), false);
    assert.equal(isAllowed('src/cameras/onvif-helper.ts'), false);
    assert.equal(isAllowed('src/daemon/lock.ts.bak'), false);
    assert.equal(isAllowed('src/disclosure/export/create.ts'), false);
    assert.equal(isAllowed('src/egress/sftp.ts'), true);
    assert.equal(isAllowed('src/egress-helper.ts'), false);
    assert.equal(isAllowed('src/api/routes/transfers.ts'), false);
  });

  void it('network code outside src/egress/ would be caught: the transfer senders need the allow-list', () => {
    const root = ROOT;
    const senders = ['src/egress/sftp.ts', 'src/egress/https.ts'];
    for (const rel of senders) {
      const findings = scanSource(rel, readFileSync(join(root, rel), 'utf8'));
      assert.ok(findings.length > 0, `${rel} opens connections (so the allow-list is what lets it)`);
      assert.deepEqual(scanTree(root, EGRESS_ALLOW_LIST.filter((a) => a !== 'src/egress/')).filter((f) => f.file === rel).length, findings.length);
    }
  });

  void it('scanTree finds a planted module and skips allowed ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'premises-egress-'));
    try {
      const put = (rel: string, text: string) => {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), text);
      };
      put('src/cameras/onvif/discovery.ts', "import dgram from 'node:dgram';\n");
      put('src/api/server.ts', "import { createServer } from 'node:http';\n");
      put('src/disclosure/leak.ts', "import https from 'node:https';\nexport const x = 1;\nvoid fetch('https://x.invalid');\n");
      put('src/shared/ok.ts', "import { join } from 'node:path';\n");
      assert.deepEqual(
        scanTree(root).map((f) => `${f.file}:${f.line}: ${f.what}`),
        ['src/disclosure/leak.ts:1: imports node:https', 'src/disclosure/leak.ts:3: calls fetch()'],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
