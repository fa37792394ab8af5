import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alarms } from '../alarms/alarms.js';
import type { AuditLog } from '../audit/log.js';
import type { Config } from '../config/schema.js';
import type { Db } from '../db/open.js';
import type { Clock, Timer } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { AttemptRecorder } from './attempts.js';
import { isLocalName, parseDnsmasqLine } from './dnsmasq-log.js';
import { formatSubnet } from '../shared/ipv4.js';
import { loadRuleset, readTable, removeTable, tableExists, type TableReading } from './nft.js';
import { preflight, type Prepared } from './preflight.js';
import { buildRuleset, TABLE_FAMILY, TABLE_NAME } from './ruleset.js';
import { SupervisedService } from './service.js';
import { buildChronyConfig, buildDnsmasqConfig, chronydArgs, dnsmasqArgs, PREMISES_NAME } from './services-config.js';
import { NOT_CONTAINED_FIX, writeStatus, type ContainmentStatus } from './status.js';

/**
 * Gateway mode (docs/containment.md): on the cameras' own interface Premises
 * loads its firewall table first, then runs DHCP/DNS (dnsmasq) and time
 * (chronyd) for the cameras, and reads the firewall's record of what it
 * blocked. Failing to contain never stops recording: the status says
 * "failed" and an alarm says containment is off, with the fix.
 */
export const OFF_ALARM = 'containment.off';
export const RULES_ALARM = 'containment.rules-missing';
export const UNKNOWN_DEVICE_ALARM = 'network.unknown-device';

export interface ContainmentDeps {
  config: Config;
  db: Db;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  log: Logger;
  dataDir: string;
}

export class Containment {
  private prepared: Prepared | undefined;
  private services: SupervisedService[] = [];
  private recorder: AttemptRecorder | undefined;
  private poll: Timer | undefined;
  private stopped = false;
  private reading: TableReading | undefined;
  private loadedAt: number | null = null;
  private lastReadAt: number | null = null;
  private readonly leaseSeen = new Map<string, number>();
  private readonly unknownDevices = new Set<string>();
  private failure: { summary: string; fix: string } | undefined;
  private lastWritten = '';
  private readonly dir: string;
  private readonly log: Logger;

  constructor(private readonly d: ContainmentDeps) {
    this.dir = join(d.dataDir, 'containment');
    this.log = d.log.child({ component: 'containment' });
  }

  /** Never throws: a camera network that cannot be contained is reported, and recording goes on. */
  async start(): Promise<void> {
    try {
      await this.startOrThrow();
    } catch (err) {
      this.fail(errorMessage(err));
    }
  }

  private async startOrThrow(): Promise<void> {
    const net = this.d.config.cameraNetwork;
    if (!net) {
      this.d.alarms.clear(OFF_ALARM, 'camera-network', 'no camera network is configured');
      this.publish();
      return;
    }
    try {
      this.prepared = preflight(net);
    } catch (err) {
      this.fail(errorMessage(err));
      return;
    }
    const p = this.prepared;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const leases = net.leases.map((l) => ({ camera: l.camera, mac: l.mac, ip: l.ip }));
    this.recorder = new AttemptRecorder({ db: this.d.db, audit: this.d.audit, alarms: this.d.alarms, clock: this.d.clock, timezone: this.d.config.timezone, leases });
    try {
      // What the firewall blocked while Premises was down is counted before the table is replaced.
      if (await tableExists(p.tools.nft)) this.recorder.recordFlows((await readTable(p.tools.nft)).flows);
      await this.loadRules();
    } catch (err) {
      this.fail(errorMessage(err));
      return;
    }
    const localNames = new Set([PREMISES_NAME, ...leases.map((l) => l.camera)]);
    const dnsmasqConf = join(this.dir, 'dnsmasq.conf');
    writeFileSync(dnsmasqConf, buildDnsmasqConfig({ interface: p.interface, address: p.address, subnet: p.subnet, leases, leaseFile: join(this.dir, 'dnsmasq.leases') }), { mode: 0o600 });
    const chronyConf = join(this.dir, 'chrony.conf');
    writeFileSync(chronyConf, buildChronyConfig({ subnet: p.subnet, address: p.address, pidFile: join(this.dir, 'chronyd.pid') }), { mode: 0o600 });
    const common = { clock: this.d.clock, log: this.log, alarms: this.d.alarms };
    this.services = [
      new SupervisedService({
        ...common,
        name: 'dnsmasq',
        command: p.tools.dnsmasq,
        args: dnsmasqArgs(dnsmasqConf, p.interface),
        onLine: (line) => this.dnsmasqLine(line, localNames),
        pidFile: join(this.dir, 'dnsmasq.run.pid'),
        ownMarker: dnsmasqConf,
      }),
      new SupervisedService({ ...common, name: 'chronyd', command: p.tools.chronyd, args: chronydArgs(chronyConf), pidFile: join(this.dir, 'chronyd.run.pid'), ownMarker: chronyConf }),
    ];
    for (const s of this.services) await s.start();
    this.d.alarms.clear(OFF_ALARM, 'camera-network', `the camera network on ${p.interface} is contained`);
    this.d.audit.append({ actor: 'system', action: 'containment.started', subject: `interface:${p.interface}`, details: { subnet: formatSubnet(p.subnet), address: p.address, leases: leases.length } });
    this.log.info({ interface: p.interface, subnet: formatSubnet(p.subnet), address: p.address }, 'camera network contained');
    this.publish();
    this.schedulePoll();
  }

  private async loadRules(): Promise<void> {
    const p = this.prepared!;
    await loadRuleset(p.tools.nft, join(this.dir, 'premises.nft'), buildRuleset({ interface: p.interface, address: p.address }));
    this.recorder!.resetKernelCounters();
    this.loadedAt = this.d.clock.now();
  }

  private fail(message: string): void {
    this.failure = { summary: `containment is off: ${message}`, fix: 'do what the message says, then restart Premises (docs/containment.md explains each setting)' };
    this.log.error({ err: message }, 'cannot contain the camera network; recording goes on without it');
    this.d.alarms.raise(OFF_ALARM, 'camera-network', 'critical', `Camera containment is off: ${message}. Recording goes on, but the cameras are not stopped from reaching the internet.`);
    this.publish();
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.poll = this.d.clock.setTimeout(() => void this.readOnce().finally(() => this.schedulePoll()), this.d.config.cameraNetwork!.pollInterval);
  }

  /** One reading of the firewall's counters; a table someone removed is put back at once. */
  async readOnce(): Promise<void> {
    const p = this.prepared;
    if (!p || !this.recorder || this.stopped) return;
    try {
      if (!(await tableExists(p.tools.nft))) {
        await this.loadRules();
        this.d.alarms.raise(RULES_ALARM, 'camera-network', 'critical', `Premises' firewall table (${TABLE_FAMILY} ${TABLE_NAME}) was removed by something else; Premises loaded it again. Cameras may have been uncontained in between.`);
        this.d.audit.append({ actor: 'system', action: 'containment.rules-restored', subject: `interface:${p.interface}` });
      }
      this.reading = await readTable(p.tools.nft);
      this.lastReadAt = this.d.clock.now();
      this.recorder.recordFlows(this.reading.flows);
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, 'cannot read the camera network firewall');
    }
    try {
      this.recorder.flushQueries();
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, 'cannot write the camera DNS queries');
    }
    this.publish();
  }

  private dnsmasqLine(line: string, localNames: ReadonlySet<string>): void {
    const event = parseDnsmasqLine(line);
    if (!event || !this.recorder) return;
    if (event.kind === 'query') {
      if (!isLocalName(event.name, localNames)) this.recorder.recordQuery(event.name, event.type, event.from);
    } else if (event.kind === 'lease') {
      this.recorder.noteLease(event.ip, event.mac);
      this.leaseSeen.set(event.mac, this.d.clock.now());
      this.publish();
    } else if (!this.unknownDevices.has(event.mac)) {
      this.unknownDevices.add(event.mac);
      this.d.audit.append({ actor: 'system', action: 'network.unknown-device', subject: `device:${event.mac}`, details: { mac: event.mac } });
      this.d.alarms.raise(
        UNKNOWN_DEVICE_ALARM,
        event.mac,
        'warning',
        `An unknown device (${event.mac}) asked for an address on the camera network and got none. If it is a new camera, add a lease for it under cameraNetwork.leases.`,
      );
    }
  }

  status(): ContainmentStatus {
    const net = this.d.config.cameraNetwork;
    const now = this.d.clock.now();
    const leases = (net?.leases ?? []).map((l) => ({ camera: l.camera, mac: l.mac, ip: l.ip, lastLeasedAt: this.leaseSeen.get(l.mac) ?? null }));
    const base = { interface: net?.interface ?? null, subnet: net?.subnet ?? null, leases, daemonRunning: !this.stopped, updatedAt: now };
    if (!net) {
      return { ...base, mode: 'not-contained', summary: 'not contained: no camera network is configured, so Premises cannot stop cameras reaching the internet', fix: NOT_CONTAINED_FIX, address: null, firewall: null, services: [] };
    }
    const services = this.services.map((s) => s.status());
    if (this.failure || !this.prepared) {
      return { ...base, mode: 'failed', summary: this.failure?.summary ?? 'containment is starting', fix: this.failure?.fix ?? null, address: null, firewall: null, services };
    }
    const down = services.filter((s) => s.state !== 'running').map((s) => s.name);
    return {
      ...base,
      mode: 'contained',
      summary:
        `contained: cameras on ${net.interface} (${net.subnet}) can reach only Premises; everything else is blocked and recorded` +
        (down.length ? `. ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} restarting: cameras get no address, name or time until then, and stay blocked` : ''),
      fix: null,
      address: this.prepared.address,
      firewall: { table: `${TABLE_FAMILY} ${TABLE_NAME}`, loadedAt: this.loadedAt, lastReadAt: this.lastReadAt, blockedUnlisted: this.reading?.unlisted ?? 0, forwardRefused: this.reading?.forwardRefused ?? 0 },
      services,
    };
  }

  /** The status goes to the index when something other than the read time changed. */
  private publish(): void {
    try {
      const status = this.status();
      const key = JSON.stringify({ ...status, updatedAt: 0, firewall: status.firewall && { ...status.firewall, lastReadAt: 0 } });
      if (key === this.lastWritten) return;
      this.lastWritten = key;
      writeStatus(this.d.db, status);
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, 'cannot write the containment status');
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.poll?.cancel();
    // A last reading, so attempts since the previous one are not lost.
    const p = this.prepared;
    if (p && this.recorder && !this.failure) {
      try {
        this.recorder.recordFlows((await readTable(p.tools.nft)).flows);
      } catch (err) {
        this.log.warn({ err: errorMessage(err) }, 'cannot read the camera network firewall at stop');
      }
    }
    await Promise.all(this.services.map((s) => s.stop()));
    try {
      this.recorder?.flushQueries();
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, 'cannot write the camera DNS queries at stop');
    }
    if (p && !this.failure && this.d.config.cameraNetwork?.removeRulesOnStop) {
      try {
        await removeTable(p.tools.nft, join(this.dir, 'remove.nft'));
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, 'cannot remove the camera network firewall table');
      }
    }
    this.lastWritten = '';
    this.publish();
  }
}
