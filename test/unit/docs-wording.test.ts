import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/** Documents an owner reads speak about Premises, not about how it was built. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PROCESS_WORDS = /\bthe lead(?:'s)?\b|\bissues? #?\d+|\(issue\b|\bthose issues\b|\bfor the lead\b/i;

function userFacing(): string[] {
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f));
  const config = readdirSync(join(ROOT, 'config')).filter((f) => f.endsWith('.yaml')).map((f) => join('config', f));
  return ['README.md', ...docs, ...config, 'docker-compose.yml', 'deploy/systemd/premises.service'];
}

void describe('user-facing documents', () => {
  void it('contain no development-process words ("the lead", "issue 6")', () => {
    const hits: string[] = [];
    for (const file of userFacing()) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (PROCESS_WORDS.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(hits, []);
  });
});
