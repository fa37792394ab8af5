import { dieWithParent } from '../shared/die-with-parent.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Alarms } from '../alarms/alarms.js';
import { Backoff, type BackoffPolicy } from '../shared/backoff.js';
import type { Clock, Timer } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { redactSecrets } from '../shared/redact.js';

/**
 * Keeps one helper program (dnsmasq, chronyd) running for as long as
 * Premises does, like the recorder keeps ffmpeg: any exit is a failure, it
 * is restarted after a backoff, an alarm is open while it is down, and its
 * output is read line by line (redacted before it reaches the log).
 *
 * dnsmasq and chronyd drop to an unprivileged user, which clears a parent-death
 * signal, so they can outlive a Premises killed by SIGKILL. Each one's pid is
 * kept in a file; the next start ends a leftover that is still running with
 * this install's config file (it would hold the ports) before starting anew.
 */
export type ServiceState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  pid: number | null;
  restarts: number;
  lastExit: { at: number; reason: string } | null;
  nextAttemptAt: number | null;
}

export interface ServiceOptions {
  name: string;
  command: string;
  args: readonly string[];
  onLine?: (line: string) => void;
  clock: Clock;
  log: Logger;
  alarms: Alarms;
  backoff?: BackoffPolicy;
  /** Where the running pid is kept, to end a leftover from a crashed Premises. */
  pidFile?: string;
  /** Text that a leftover's command line must contain to be ours (the config file's path). */
  ownMarker?: string;
  /** Up this long after a restart: the alarm clears. */
  healthyAfterMs?: number;
  stopGraceMs?: number;
}

export const SERVICE_ALARM = 'containment.service-down';

export class SupervisedService {
  private child: ChildProcess | undefined;
  private state: ServiceState = 'stopped';
  private restarts = 0;
  private lastExit: { at: number; reason: string } | null = null;
  private nextAttemptAt: number | null = null;
  private startedMono = 0;
  private relaunch: Timer | undefined;
  private healthy: Timer | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly backoff: Backoff;

  constructor(private readonly o: ServiceOptions) {
    this.backoff = new Backoff(o.backoff ?? { initialMs: 1_000, maxMs: 30_000, healthyResetMs: 60_000 });
  }

  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    await this.endLeftover();
    this.launch();
  }

  private async endLeftover(): Promise<void> {
    const { pidFile, ownMarker } = this.o;
    if (!pidFile || !ownMarker || !existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    const alive = () => {
      try {
        return Number.isInteger(pid) && pid > 1 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((a) => a.includes(ownMarker));
      } catch {
        return false;
      }
    };
    if (alive()) {
      this.o.log.warn({ service: this.o.name, pid }, 'ending a camera network service left over from an earlier run');
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
    }
    rmSync(pidFile, { force: true });
  }

  status(): ServiceStatus {
    return { name: this.o.name, state: this.state, pid: this.child?.pid ?? null, restarts: this.restarts, lastExit: this.lastExit, nextAttemptAt: this.nextAttemptAt };
  }

  private launch(): void {
    this.state = 'starting';
    this.nextAttemptAt = null;
    const [command, args] = dieWithParent(this.o.command, this.o.args);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.startedMono = this.o.clock.monotonic();
    let settle!: () => void;
    this.exited = new Promise((resolve) => (settle = resolve));
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.line(line));
    }
    let spawnError: string | undefined;
    child.on('error', (err) => (spawnError = errorMessage(err)));
    child.on('spawn', () => {
      if (this.state === 'starting') this.state = 'running';
      if (this.o.pidFile && child.pid) writeFileSync(this.o.pidFile, `${child.pid}\n`);
      this.o.log.info({ service: this.o.name, pid: child.pid }, 'camera network service started');
      this.healthy = this.o.clock.setTimeout(() => {
        if (this.child === child && this.state === 'running') this.o.alarms.clear(SERVICE_ALARM, this.o.name, `${this.o.name} is running again`);
      }, this.o.healthyAfterMs ?? 3_000);
    });
    child.on('close', (code, signal) => {
      settle();
      this.healthy?.cancel();
      if (this.child !== child) return;
      this.child = undefined;
      const reason = spawnError ?? (signal ? `killed by ${signal}` : `exited with code ${code}`);
      this.lastExit = { at: this.o.clock.now(), reason };
      if (this.state === 'stopped') return;
      this.backoff.recordHealthy(this.o.clock.monotonic() - this.startedMono);
      const delay = this.backoff.next();
      this.restarts += 1;
      this.state = 'restarting';
      this.nextAttemptAt = this.o.clock.now() + delay;
      const message = `${this.o.name} on the camera network stopped (${reason}); restarting in ${Math.ceil(delay / 1000)} s. While it is down cameras get no address, name or time from Premises (they stay blocked)`;
      this.o.log.warn({ service: this.o.name, reason, delayMs: delay }, 'camera network service stopped');
      this.o.alarms.raise(SERVICE_ALARM, this.o.name, 'warning', message, { reason, restarts: this.restarts });
      this.relaunch = this.o.clock.setTimeout(() => this.launch(), delay);
    });
  }

  private line(line: string): void {
    this.o.log.debug({ service: this.o.name, line: redactSecrets(line) }, 'camera network service output');
    try {
      this.o.onLine?.(line);
    } catch (err) {
      this.o.log.error({ service: this.o.name, err: errorMessage(err) }, 'cannot handle a line of output');
    }
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    this.relaunch?.cancel();
    this.healthy?.cancel();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const kill = this.o.clock.setTimeout(() => child.kill('SIGKILL'), this.o.stopGraceMs ?? 3_000);
    await this.exited;
    kill.cancel();
    this.child = undefined;
  }
}
