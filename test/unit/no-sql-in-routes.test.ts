import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

/**
 * Routes and commands call table modules (src/db/statements.ts and the stores
 * that use it); they never hold SQL themselves. A static scan of the sources,
 * so a query pasted into a handler fails here rather than in review.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCANNED = ['src/api/routes', 'src/cli/commands'];
const SQL = [/\.prepare\(/, /\.pragma\(/, /\bSELECT\s/, /\bINSERT\s+(OR\s+\w+\s+)?INTO\b/, /\bUPDATE\s+\w+\s+SET\b/, /\bDELETE\s+FROM\b/, /\bCREATE\s+(TABLE|INDEX|TRIGGER)\b/];

/** Each line that looks like SQL or a statement being prepared, as `line: text`. */
export function sqlLines(source: string): string[] {
  return source.split('\n').flatMap((line, i) => (SQL.some((re) => re.test(line)) ? [`${i + 1}: ${line.trim()}`] : []));
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('no SQL in routes or commands', () => {
  it('finds the SQL it is meant to find', () => {
    assert.deepEqual(sqlLines("const x = 1;\nconst r = d.db.prepare('SELECT 1 FROM cameras WHERE id = ?').get(id);"), [
      "2: const r = d.db.prepare('SELECT 1 FROM cameras WHERE id = ?').get(id);",
    ]);
    assert.equal(sqlLines('`DELETE FROM holds WHERE id = ?`').length, 1);
    assert.equal(sqlLines("'UPDATE users SET role = ?'").length, 1);
    assert.deepEqual(sqlLines("throw new PremisesError('InvalidArgument', 'select a camera first');"), []);
  });

  for (const dir of SCANNED) {
    it(`${dir} has none`, () => {
      const files = tsFiles(dir);
      assert.ok(files.length > 5, `expected the sources of ${dir} under ${ROOT}`);
      const found = files.flatMap((f) => sqlLines(readFileSync(join(ROOT, f), 'utf8')).map((l) => `${f}:${l}`));
      assert.deepEqual(found, [], 'move these queries into the table module that owns the table (see docs/design.md, "Where SQL lives")');
    });
  }
});
