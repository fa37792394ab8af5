import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { PremisesError } from '../shared/errors.js';
import { ATTEMPTS_SET, buildRemoval, FORWARD_COUNTER, TABLE_FAMILY, TABLE_NAME, UNLISTED_COUNTER } from './ruleset.js';

const run = promisify(execFile);

/** One element of the attempts set: a blocked flow and how many packets it has had since the table was loaded. */
export interface BlockedFlow {
  mac: string;
  srcIp: string;
  dstIp: string;
  proto: 'tcp' | 'udp';
  dstPort: number;
  packets: number;
}

export interface TableReading {
  flows: BlockedFlow[];
  unlisted: number;
  forwardRefused: number;
}

async function nft(tool: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(tool, args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new PremisesError('FailedPrecondition', `cannot run "${tool}" (cameraNetwork.tools.nft): not found. Install nftables (apt-get install nftables) or set cameraNetwork.tools.nft to its path`);
    }
    throw new PremisesError('FailedPrecondition', `nft ${args.join(' ')} failed: ${(e.stderr ?? e.message).trim()}${/Operation not permitted/.test(e.stderr ?? '') ? ' (Premises needs CAP_NET_ADMIN to contain the cameras; see docs/containment.md)' : ''}`);
  }
}

/** Loads a ruleset file in one transaction (`nft -f`): all of it applies, or none. */
export async function loadRuleset(tool: string, file: string, text: string): Promise<void> {
  writeFileSync(file, text, { mode: 0o600 });
  await nft(tool, ['-f', file]);
}

export async function removeTable(tool: string, file: string): Promise<void> {
  await loadRuleset(tool, file, buildRemoval());
}

export async function tableExists(tool: string): Promise<boolean> {
  const out = await nft(tool, ['-j', 'list', 'tables', TABLE_FAMILY]);
  return parseTables(out).includes(TABLE_NAME);
}

export function parseTables(json: string): string[] {
  const doc = JSON.parse(json) as { nftables?: { table?: { name: string } }[] };
  return (doc.nftables ?? []).flatMap((item) => (item.table ? [item.table.name] : []));
}

export async function readTable(tool: string): Promise<TableReading> {
  return parseTable(await nft(tool, ['-j', 'list', 'table', TABLE_FAMILY, TABLE_NAME]));
}

interface JsonElem {
  elem?: { val?: { concat?: unknown[] }; counter?: { packets?: number } };
}

/** `nft -j list table inet premises` → the blocked flows and the two totals. */
export function parseTable(json: string): TableReading {
  const doc = JSON.parse(json) as { nftables?: Record<string, unknown>[] };
  const reading: TableReading = { flows: [], unlisted: 0, forwardRefused: 0 };
  for (const item of doc.nftables ?? []) {
    const set = item['set'] as { name?: string; elem?: JsonElem[] } | undefined;
    if (set?.name === ATTEMPTS_SET) {
      for (const e of set.elem ?? []) {
        const concat = e.elem?.val?.concat;
        if (!concat || concat.length !== 5) continue;
        const [mac, srcIp, dstIp, proto, dstPort] = concat;
        if (proto !== 'tcp' && proto !== 'udp') continue;
        reading.flows.push({ mac: String(mac), srcIp: String(srcIp), dstIp: String(dstIp), proto, dstPort: Number(dstPort), packets: e.elem?.counter?.packets ?? 0 });
      }
    }
    const counter = item['counter'] as { name?: string; packets?: number } | undefined;
    if (counter?.name === UNLISTED_COUNTER) reading.unlisted = counter.packets ?? 0;
    if (counter?.name === FORWARD_COUNTER) reading.forwardRefused = counter.packets ?? 0;
  }
  return reading;
}
