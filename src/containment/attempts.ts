import type { Alarms } from '../alarms/alarms.js';
import type { AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import type { Clock } from '../shared/clock.js';
import type { BlockedFlow } from './nft.js';

/**
 * Every attempt a camera makes to reach beyond Premises is attributed to the
 * camera (by the MAC of its lease, or by its address), kept in the index as
 * one row per destination with a count, written to the audit log once per
 * new destination, and summarised in one alarm per camera.
 */
export const ATTEMPT_ALARM = 'network.attempt';
/** A name asked this long before a blocked flow's first packet is taken as what the camera was looking up. */
export const CORRELATE_WINDOW_MS = 5 * 60_000;
/** How often an open alarm's counts are brought up to date (the index's counts are always exact). */
export const ALARM_REFRESH_MS = 30_000;

export interface Lease {
  camera: string;
  mac: string;
  ip: string;
}

export interface AttemptRow {
  id: number;
  cameraId: string | null;
  mac: string;
  srcIp: string;
  kind: 'blocked' | 'dns';
  proto: string;
  dstIp: string;
  dstPort: number;
  name: string;
  likelyName: string | null;
  firstSeen: number;
  lastSeen: number;
  count: number;
}

interface DbRow {
  id: number;
  camera_id: string | null;
  mac: string;
  src_ip: string;
  kind: 'blocked' | 'dns';
  proto: string;
  dst_ip: string;
  dst_port: number;
  name: string;
  likely_name: string | null;
  first_seen: number;
  last_seen: number;
  count: number;
  kernel_packets: number;
}

const toRow = (r: DbRow): AttemptRow => ({
  id: r.id,
  cameraId: r.camera_id,
  mac: r.mac,
  srcIp: r.src_ip,
  kind: r.kind,
  proto: r.proto,
  dstIp: r.dst_ip,
  dstPort: r.dst_port,
  name: r.name,
  likelyName: r.likely_name,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  count: r.count,
});

export function listAttempts(db: Db, camera?: string): AttemptRow[] {
  const rows = (
    camera === undefined
      ? db.prepare('SELECT * FROM network_attempts ORDER BY last_seen DESC').all()
      : db.prepare('SELECT * FROM network_attempts WHERE camera_id = ? ORDER BY last_seen DESC').all(camera)
  ) as DbRow[];
  return rows.map(toRow);
}

/** "p2p.example-cloud.com (198.51.100.7:443/tcp)", "198.51.100.7:3478/udp", or a name alone. */
export function describeDestination(row: Pick<AttemptRow, 'kind' | 'name' | 'likelyName' | 'dstIp' | 'dstPort' | 'proto'>): string {
  if (row.kind === 'dns') return row.name;
  const address = `${row.dstIp}:${row.dstPort}/${row.proto}`;
  return row.likelyName ? `${row.likelyName} (${address})` : address;
}

export interface AttemptRecorderDeps {
  db: Db;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  timezone: string;
  leases: readonly Lease[];
}

export class AttemptRecorder {
  private readonly byMac = new Map<string, Lease>();
  private readonly byIp = new Map<string, Lease>();
  /** Per source address: names asked that Premises did not answer, newest last. */
  private readonly unanswered = new Map<string, { name: string; at: number }[]>();
  private readonly alarmRefreshedAt = new Map<string, number>();
  private readonly pendingQueries = new Map<string, { id: number; camera: string | null; count: number; last: number }>();
  private readonly select;
  private readonly insert;
  private readonly update;
  private readonly hhmm: Intl.DateTimeFormat;

  constructor(private readonly d: AttemptRecorderDeps) {
    for (const l of d.leases) {
      this.byMac.set(l.mac, l);
      this.byIp.set(l.ip, l);
    }
    this.select = d.db.prepare('SELECT * FROM network_attempts WHERE kind = ? AND mac = ? AND src_ip = ? AND proto = ? AND dst_ip = ? AND dst_port = ? AND name = ?');
    this.insert = d.db.prepare(
      `INSERT INTO network_attempts (camera_id, mac, src_ip, kind, proto, dst_ip, dst_port, name, likely_name, first_seen, last_seen, count, kernel_packets)
       VALUES (@camera, @mac, @srcIp, @kind, @proto, @dstIp, @dstPort, @name, @likelyName, @now, @now, @count, @kernel)`,
    );
    this.update = d.db.prepare('UPDATE network_attempts SET count = count + ?, last_seen = ?, kernel_packets = ?, camera_id = coalesce(camera_id, ?) WHERE id = ?');
    this.hhmm = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: d.timezone });
  }

  /** A lease dnsmasq handed out (it may name a MAC the config does not know). */
  noteLease(ip: string, mac: string): void {
    const known = this.byMac.get(mac);
    if (known && known.ip === ip) return;
    this.byIp.set(ip, { camera: known?.camera ?? '', mac, ip });
  }

  cameraOf(mac: string, ip: string): string | null {
    return this.byMac.get(mac)?.camera || this.byIp.get(ip)?.camera || null;
  }

  /** The firewall's table was loaded afresh: its counters start again from zero. */
  resetKernelCounters(): void {
    this.d.db.prepare("UPDATE network_attempts SET kernel_packets = 0 WHERE kind = 'blocked'").run();
  }

  /** A reading of the attempts set: count what is new since the last reading. Returns the cameras with new attempts. */
  recordFlows(flows: readonly BlockedFlow[]): Set<string> {
    const now = this.d.clock.now();
    const touched = new Set<string>();
    const fresh = new Set<string>();
    // One transaction (one fsync) per reading, alarms included: the cost must not grow with the number of cameras.
    this.d.db.transaction(() => {
      for (const f of flows) {
        const existing = this.select.get('blocked', f.mac, f.srcIp, f.proto, f.dstIp, f.dstPort, '') as DbRow | undefined;
        const camera = this.cameraOf(f.mac, f.srcIp);
        if (existing) {
          // A counter below what was counted means the table was reloaded without our noticing: all of it is new.
          const delta = f.packets >= existing.kernel_packets ? f.packets - existing.kernel_packets : f.packets;
          if (delta === 0) continue;
          this.update.run(delta, now, f.packets, camera, existing.id);
          touched.add(camera ?? `mac:${f.mac}`);
          continue;
        }
        if (f.packets === 0) continue;
        const likelyName = this.likelyName(f.srcIp, now);
        this.insert.run({ camera, mac: f.mac, srcIp: f.srcIp, kind: 'blocked', proto: f.proto, dstIp: f.dstIp, dstPort: f.dstPort, name: '', likelyName, now, count: f.packets, kernel: f.packets });
        this.d.audit.append({
          actor: 'system',
          action: 'network.attempt',
          subject: camera ? `camera:${camera}` : `device:${f.mac}`,
          details: { blocked: true, mac: f.mac, ip: f.srcIp, destination: `${f.dstIp}:${f.dstPort}`, proto: f.proto, likelyName },
        });
        touched.add(camera ?? `mac:${f.mac}`);
        fresh.add(camera ?? `mac:${f.mac}`);
      }
      for (const who of touched) this.maybeRefreshAlarm(who, fresh.has(who), now);
    })();
    return touched;
  }

  /** A new destination refreshes the camera's alarm at once; growing counts at most every ALARM_REFRESH_MS. */
  private maybeRefreshAlarm(who: string, isNew: boolean, now: number): void {
    const last = this.alarmRefreshedAt.get(who);
    if (!isNew && last !== undefined && now - last < ALARM_REFRESH_MS) return;
    this.alarmRefreshedAt.set(who, now);
    this.refreshAlarm(who);
  }

  /** A DNS query a camera sent to Premises for a name that is not local (answered with a refusal). */
  recordQuery(name: string, type: string, from: string): void {
    const now = this.d.clock.now();
    const lease = this.byIp.get(from);
    const mac = lease?.mac ?? '';
    const camera = lease?.camera || null;
    const list = this.unanswered.get(from) ?? [];
    list.push({ name, at: now });
    while (list.length > 20 || (list.length > 0 && list[0]!.at < now - CORRELATE_WINDOW_MS)) list.shift();
    this.unanswered.set(from, list);
    const key = JSON.stringify([mac, from, type, name]);
    const pending = this.pendingQueries.get(key);
    if (pending) {
      // A name already in the index: counted in memory, written with the next reading (no write per query).
      pending.count += 1;
      pending.last = now;
      return;
    }
    let isNew = false;
    this.d.db.transaction(() => {
      const existing = this.select.get('dns', mac, from, type, '', 0, name) as DbRow | undefined;
      this.pendingQueries.set(key, { id: existing?.id ?? -1, camera, count: 0, last: now });
      if (existing) {
        this.update.run(1, now, 0, camera, existing.id);
        return;
      }
      const info = this.insert.run({ camera, mac, srcIp: from, kind: 'dns', proto: type, dstIp: '', dstPort: 0, name, likelyName: null, now, count: 1, kernel: 0 });
      this.pendingQueries.get(key)!.id = Number(info.lastInsertRowid);
      this.d.audit.append({ actor: 'system', action: 'network.dns-query', subject: camera ? `camera:${camera}` : `device:${mac || from}`, details: { name, type, ip: from, mac: mac || null } });
      isNew = true;
    })();
    this.maybeRefreshAlarm(camera ?? (mac ? `mac:${mac}` : `ip:${from}`), isNew, now);
  }

  /** Writes the DNS queries counted since the last reading; called with each reading and at stop. */
  flushQueries(): void {
    const due = [...this.pendingQueries.values()].filter((p) => p.count > 0);
    if (due.length === 0) return;
    const now = this.d.clock.now();
    this.d.db.transaction(() => {
      for (const p of due) {
        this.update.run(p.count, p.last, 0, p.camera, p.id);
        p.count = 0;
        const who = p.camera ?? null;
        if (who) this.maybeRefreshAlarm(who, false, now);
      }
    })();
  }

  /** An unanswered name asked from this address within the window, the most recent first. */
  private likelyName(srcIp: string, now: number): string | null {
    const list = this.unanswered.get(srcIp) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.at >= now - CORRELATE_WINDOW_MS) return list[i]!.name;
    return null;
  }

  private refreshAlarm(who: string): void {
    const rows = this.rowsOf(who);
    if (rows.length === 0) return;
    // The destination tried most, then the most recent.
    const top = [...rows].sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen)[0]!;
    const since = Math.min(...rows.map((r) => r.firstSeen));
    const label = this.labelOf(who);
    const verb = top.kind === 'dns' ? `asked for ${top.name}` : `tried to reach ${describeDestination(top)}`;
    const others = rows.length - 1;
    const message =
      `${label} ${verb} ${top.count} time${top.count === 1 ? '' : 's'} since ${this.hhmm.format(since)}` +
      (others > 0 ? `, and ${others} other destination${others === 1 ? '' : 's'} or name${others === 1 ? '' : 's'}` : '') +
      '. Premises blocked it: nothing left the camera network. If this camera needs a cloud service, that is a decision for a transfer policy, not the camera.';
    this.d.alarms.raise(ATTEMPT_ALARM, who, 'warning', message, {
      destinations: rows.slice(0, 10).map((r) => ({ destination: describeDestination(r), kind: r.kind, count: r.count, firstSeen: r.firstSeen, lastSeen: r.lastSeen })),
    });
  }

  private rowsOf(who: string): AttemptRow[] {
    const [prefix, rest] = who.includes(':') ? [who.slice(0, who.indexOf(':')), who.slice(who.indexOf(':') + 1)] : ['camera', who];
    const sql =
      prefix === 'camera'
        ? 'SELECT * FROM network_attempts WHERE camera_id = ?'
        : prefix === 'mac'
          ? 'SELECT * FROM network_attempts WHERE camera_id IS NULL AND mac = ?'
          : 'SELECT * FROM network_attempts WHERE camera_id IS NULL AND src_ip = ?';
    return (this.d.db.prepare(sql).all(rest) as DbRow[]).map(toRow);
  }

  private labelOf(who: string): string {
    if (who.startsWith('mac:')) return `an unknown device (${who.slice(4)})`;
    if (who.startsWith('ip:')) return `an unknown device (${who.slice(3)})`;
    const name = this.d.db.prepare('SELECT name FROM cameras WHERE id = ?').pluck().get(who) as string | undefined;
    return `camera ${name ?? who}`;
  }
}
