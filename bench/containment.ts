/**
 * npm run bench:containment — 64 leased cameras, each making 10 blocked
 * attempts per second for 60 s (BENCH_CAMERAS, BENCH_RATE, BENCH_SECONDS),
 * against the real containment component in a network namespace. Measures
 * Premises' CPU for attribution and storage (its own process plus the nft
 * processes it runs), the helpers' CPU, index growth, alarm latency, and
 * checks that every packet sent is in the record and matches the firewall's
 * own counters. Prints Markdown for docs/benchmarks.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './machine.js';

const CAMERAS = Number(process.env['BENCH_CAMERAS'] ?? 64);
const RATE = Number(process.env['BENCH_RATE'] ?? 10);
const SECONDS = Math.min(120, Number(process.env['BENCH_SECONDS'] ?? 60));
const WORKER = fileURLToPath(new URL('./containment-worker.js', import.meta.url));
const GENERATOR = fileURLToPath(new URL('../../bench/chatty-cameras.py', import.meta.url));
const CLOUD = '198.51.100.7';
const POLL = process.env['BENCH_POLL'] ?? '5s';

const ip = (args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const prem = `pnv-${process.pid}bc-prem`;
const cam = `pnv-${process.pid}bc-cam`;
const near = `pb${process.pid}n`.slice(-15);
const far = `pb${process.pid}f`.slice(-15);
const dir = mkdtempSync(join(tmpdir(), 'premises-bench-containment-'));

function cleanup(): void {
  for (const ns of [prem, cam]) {
    try {
      ip(['netns', 'del', ns]);
    } catch {
      /* not created */
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

interface WorkerResult {
  wallSeconds: number;
  cpuSeconds: number;
  nftCpuSeconds: number;
  helpers: { name: string; cpuSeconds: number | null }[];
  dbBytesBefore: number;
  dbBytesAfter: number;
  rows: number;
  auditEntries: number;
  counted: number;
  alarms: { subject: string; raisedAt: number }[];
}

async function main(): Promise<void> {
  for (const ns of [prem, cam]) {
    ip(['netns', 'add', ns]);
    execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  }
  ip(['link', 'add', near, 'netns', prem, 'type', 'veth', 'peer', 'name', far, 'netns', cam]);
  ip(['-n', prem, 'addr', 'add', '10.94.0.1/22', 'dev', near]);
  ip(['-n', prem, 'link', 'set', near, 'up']);
  ip(['-n', cam, 'link', 'set', far, 'up']);
  const premMac = (JSON.parse(ip(['-n', prem, '-j', 'link', 'show', near])) as { address: string }[])[0]!.address;
  const leases = Array.from({ length: CAMERAS }, (_, i) => ({ camera: `cam${String(i).padStart(2, '0')}`, mac: `02:00:00:94:00:${(i + 11).toString(16).padStart(2, '0')}`, ip: `10.94.1.${11 + i}` }));
  const config = { cameras: [], cameraNetwork: { interface: near, subnet: '10.94.0.0/22', address: '10.94.0.1', leases, pollInterval: POLL } };

  const worker = spawn('ip', ['netns', 'exec', prem, process.execPath, WORKER, dir, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: worker.stdout });
  const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const ready = await next();
  if (ready !== 'ready') throw new Error(`the worker did not start: ${ready}`);

  const gen = execFileSync('ip', ['netns', 'exec', cam, 'python3', GENERATOR, far, premMac, '10.94.1.11', String(CAMERAS), String(RATE), String(SECONDS), CLOUD], { timeout: (SECONDS + 30) * 1000 }).toString();
  const sent = JSON.parse(gen) as { sent: number; firstAt: number; seconds: number };
  // Two reads of the counters after the last packet.
  await new Promise((r) => setTimeout(r, 2 * Number.parseFloat(POLL) * 1000 + 1_000));
  const set = JSON.parse(execFileSync('ip', ['netns', 'exec', prem, 'nft', '-j', 'list', 'set', 'inet', 'premises', 'attempts']).toString()) as { nftables: { set?: { elem?: { elem: { counter: { packets: number } } }[] } }[] };
  const kernel = (set.nftables.find((x) => x.set)?.set?.elem ?? []).reduce((sum, e) => sum + e.elem.counter.packets, 0);
  const resultLine = next();
  worker.stdin.end();
  const r = JSON.parse(await resultLine) as WorkerResult;

  const cpuPct = ((r.cpuSeconds + r.nftCpuSeconds) / r.wallSeconds) * 100;
  const latencies = r.alarms.map((a) => Math.round(a.raisedAt - sent.firstAt)).sort((a, b) => a - b);
  const m = machineInfo();
  const out = [
    `### Camera containment (npm run bench:containment)`,
    '',
    `${CAMERAS} leased cameras × ${RATE} blocked attempts/s × ${sent.seconds.toFixed(0)} s (${sent.sent} packets: TCP SYN 443, UDP 443, UDP 3478), counters read every ${POLL} (\`BENCH_POLL=${POLL}\`).`,
    `Machine: ${m.cores} cores, ${m.cpuModel}, ${m.kernel}, Node ${m.node} (shared with other work while measured).`,
    '',
    '| figure | value | goal |',
    '|---|---|---|',
    `| Premises CPU for attribution and storage (own process + nft it runs) | ${cpuPct.toFixed(2)} % of one core (${r.cpuSeconds.toFixed(2)} s + ${r.nftCpuSeconds.toFixed(2)} s nft over ${r.wallSeconds.toFixed(0)} s) | ≤ 1 % |`,
    `| dnsmasq / chronyd CPU | ${r.helpers.map((h) => `${h.name} ${h.cpuSeconds?.toFixed(2) ?? '?'} s`).join(', ')} | — |`,
    `| packets sent / in the index / firewall counters | ${sent.sent} / ${r.counted} / ${kernel} | all equal |`,
    `| index rows (one per camera and destination) / audit entries | ${r.rows} / ${r.auditEntries} | one per new destination |`,
    `| index growth | ${(r.dbBytesAfter - r.dbBytesBefore).toLocaleString('en')} bytes for ${r.rows} new destinations with their audit entries and alarms (≈ ${Math.round((r.dbBytesAfter - r.dbBytesBefore) / Math.max(1, r.rows))} bytes each); repeated attempts update counts in place, so a day of the same attempts adds no rows | — |`,
    `| alarm latency (first packet → alarm raised), median / max over ${latencies.length} cameras | ${latencies[Math.floor(latencies.length / 2)] ?? '?'} ms / ${latencies.at(-1) ?? '?'} ms | ≤ 10 s |`,
    '',
  ].join('\n');
  process.stdout.write(out + '\n');
  if (r.counted !== kernel || r.counted !== sent.sent) process.exitCode = 1;
}

try {
  await main();
} finally {
  cleanup();
}
