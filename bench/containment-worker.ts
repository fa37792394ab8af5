/**
 * The Premises side of `npm run bench:containment`, run inside the bench's
 * Premises namespace: the real containment component (nft table, dnsmasq,
 * chronyd, attempt recorder) on a real index, until stdin closes. Prints one
 * JSON line: its own CPU time (including the nft processes it ran and
 * reaped), the helpers' CPU, and the index's size.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Alarms } from '../src/alarms/alarms.js';
import { AuditLog } from '../src/audit/log.js';
import { configSchema } from '../src/config/schema.js';
import { Containment } from '../src/containment/containment.js';
import { openDb } from '../src/db/open.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';

const [dataDir = '', configJson = '{}'] = process.argv.slice(2);
const ticks = 100; // USER_HZ on Linux
const selfTicks = (pid: number | 'self') => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime stime cutime cstime are fields 14-17 (1-based); after ") " field 3 is index 0.
  return { own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
};

const config = configSchema.parse(JSON.parse(configJson));
const db = openDb(join(dataDir, 'index.db'));
const clock = systemClock;
const audit = new AuditLog(db, clock);
const alarms = new Alarms(db, audit, clock);
db.transaction(() => {
  for (const l of config.cameraNetwork?.leases ?? []) db.prepare("INSERT INTO cameras (id, name, origin, created_at) VALUES (?, ?, 'config', ?)").run(l.camera, l.camera, clock.now());
})();
const dbBytes = () => ['index.db', 'index.db-wal'].reduce((sum, f) => sum + (() => { try { return statSync(join(dataDir, f)).size; } catch { return 0; } })(), 0);
const containment = new Containment({ config, db, audit, alarms, clock, log: silentLogger(), dataDir });
await containment.start();
const status = containment.status();
if (status.mode !== 'contained') {
  process.stdout.write(JSON.stringify({ error: status.summary }) + '\n');
  process.exit(1);
}
db.pragma('wal_checkpoint(TRUNCATE)');
const startBytes = dbBytes();
const start = { t: performance.now(), ...selfTicks('self') };
process.stdout.write('ready\n');
process.stdin.resume();
await new Promise<void>((resolve) => process.stdin.on('end', resolve));
const end = { t: performance.now(), ...selfTicks('self') };
const helpers = containment.status().services.map((s) => ({ name: s.name, cpuSeconds: s.pid ? selfTicks(s.pid).own / ticks : null }));
await containment.stop();
db.pragma('wal_checkpoint(TRUNCATE)');
process.stdout.write(
  JSON.stringify({
    wallSeconds: (end.t - start.t) / 1000,
    cpuSeconds: (end.own - start.own) / ticks,
    nftCpuSeconds: (end.children - start.children) / ticks,
    helpers,
    dbBytesBefore: startBytes,
    dbBytesAfter: dbBytes(),
    rows: db.prepare('SELECT count(*) FROM network_attempts').pluck().get(),
    auditEntries: db.prepare("SELECT count(*) FROM audit_log WHERE action LIKE 'network.%'").pluck().get(),
    counted: db.prepare("SELECT coalesce(sum(count), 0) FROM network_attempts WHERE kind = 'blocked'").pluck().get(),
    alarms: db.prepare("SELECT subject, raised_at AS raisedAt FROM alarms WHERE kind = 'network.attempt'").all(),
  }) + '\n',
);
db.close();
