import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { after, describe, it } from 'node:test';
import { BACKGROUND_NICE, runChildInBackground } from '../../src/shared/priority.js';

const threadNice = (pid: number, tid: number): number => {
  const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[16]);
};

/** Nice value of a process's first thread (field 19 of /proc/PID/stat). */
function niceOf(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[16]);
}

void describe('background priority', () => {
  const started: number[] = [];
  after(() => {
    for (const pid of started) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already ended
      }
    }
  });

  void it('lowers a child just spawned, and what that child starts afterwards inherits it', () => {
    // The shell starts `sleep` only after the priority is set: its nice is what a thread started later gets.
    const child = spawn('sh', ['-c', 'read line; sleep 30 & echo $!; wait'], { stdio: ['pipe', 'pipe', 'ignore'] });
    started.push(child.pid!);
    assert.equal(niceOf(child.pid!), niceOf(process.pid));
    runChildInBackground(child.pid);
    assert.equal(niceOf(child.pid!), BACKGROUND_NICE);
    return new Promise<void>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => {
        const grandchild = Number(d.toString().trim());
        started.push(grandchild);
        try {
          assert.equal(niceOf(grandchild), BACKGROUND_NICE);
          resolve();
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      child.stdin.write('go\n');
    });
  });

  void it('does not throw for a process that has already ended', () => {
    const gone = spawnSync('true');
    assert.equal(gone.status, 0);
    assert.doesNotThrow(() => runChildInBackground(gone.pid));
    assert.doesNotThrow(() => runChildInBackground(undefined));
  });

  void it('lowers only the worker thread that asks, not the thread that serves the dashboard', async () => {
    const mainTid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const before = threadNice(process.pid, mainTid);
    const priority = new URL('../../src/shared/priority.js', import.meta.url).href;
    // The worker lowers itself, reports its kernel thread id, and stays alive until it is read.
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       import(${JSON.stringify(priority)}).then((m) => {
         m.runThisThreadInBackground();
         parentPort.postMessage(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()));
         parentPort.once('message', () => process.exit(0));
       });`,
      { eval: true },
    );
    try {
      const tid = await new Promise<number>((resolve, reject) => {
        worker.once('message', (m: number) => resolve(m));
        worker.once('error', reject);
      });
      assert.notEqual(tid, mainTid);
      assert.equal(threadNice(process.pid, tid), BACKGROUND_NICE);
      assert.equal(threadNice(process.pid, mainTid), before, 'the main thread keeps its priority');
    } finally {
      worker.postMessage('done');
      await worker.terminate();
    }
  });
});
