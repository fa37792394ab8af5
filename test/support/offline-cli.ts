import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { TestInstall } from './install.js';
import { CLI } from './premises.js';

export interface Traced {
  code: number | null;
  out: string;
  err: string;
  connects: string[];
}

/** The CLI in a network namespace of its own (no interface but a down loopback), every connect() of every thread and child traced. */
export function runOffline(install: TestInstall, args: string[], traceFile: string): Promise<Traced> {
  return new Promise((resolve, reject) => {
    const argv = ['-f', '-qq', '-e', 'trace=connect', '-o', traceFile, 'unshare', '--net', process.execPath, CLI, ...args, '--config', install.configPath];
    const child = spawn('strace', argv, { env: { ...process.env, USER: 'alice', SUDO_USER: 'alice' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const connects = readFileSync(traceFile, 'utf8')
        .split('\n')
        .filter((l) => /connect\(/.test(l) && /AF_INET6?|AF_NETLINK|AF_PACKET/.test(l));
      resolve({ code, out, err, connects });
    });
  });
}

