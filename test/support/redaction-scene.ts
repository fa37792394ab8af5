import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDb } from '../../src/db/open.js';
import { claimRecordings } from '../../src/segments/ownership.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { createOwner, setupTokenIn } from './browser.js';
import type { DashboardClient } from './dashboard-client.js';
import { faceSceneSource } from './face-clip.js';
import { addRecordedRun, FPS } from './footage.js';
import { PremisesProcess, runCli, writeConfig } from './premises.js';
import { freePort } from './rtsp.js';

/**
 * For the Redaction page's browser tests: a real `premises start` whose one
 * camera, cam1, has `seconds` of the three-face scene recorded from `t0`,
 * access request 1 asking for all of it, and an owner logged in to the API.
 */
export interface RedactionScene {
  origin: string;
  layout: DataLayout;
  premises: PremisesProcess;
  owner: DashboardClient;
}

export async function startRedactionScene(dir: string, t0: number, seconds: number, password: string): Promise<RedactionScene> {
  const config = await writeConfig(dir, [{ id: 'cam1', rtsp: `rtsp://127.0.0.1:${await freePort()}/cam1` }], { top: ['jurisdiction: CA-BC'] });
  const layout = new DataLayout(join(dir, 'data'));
  mkdirSync(layout.recordingsRoot, { recursive: true });
  const db = openDb(layout.indexPath);
  claimRecordings(layout, db);
  addRecordedRun(db, layout, 'cam1', { startMs: t0, seconds, segmentSeconds: 2, source: faceSceneSource(FPS) });
  db.close();
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const r = runCli([
    'request', 'add', '--requester', 'A. Person', '--identity', 'photo ID checked at the counter', '--received', new Date().toISOString().slice(0, 10),
    '--camera', 'cam1', '--from', at(0), '--to', at(seconds), '--description', 'customer asks for footage of herself', '--config', config.path,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const origin = `http://127.0.0.1:${config.port}`;
  const premises = PremisesProcess.start(config.path, config.port);
  await premises.waitFor((h) => h.cameras.length === 1, 20_000, 'the API');
  const owner = await createOwner(origin, setupTokenIn(runCli(['setup-link', '--config', config.path]).stdout), password);
  return { origin, layout, premises, owner };
}

/** Presses "Publish the export" on the Redaction page, accepts its question, waits for the export; returns the questions asked. */
export async function publishOnPage(page: Page): Promise<string[]> {
  const questions: string[] = [];
  page.on('dialog', (d) => {
    questions.push(d.message());
    void d.accept();
  });
  await page.getByRole('button', { name: 'Publish the export' }).click();
  // Publishing answers when the export is made: seconds per second of footage on a busy machine.
  await page.getByRole('status').filter({ hasText: 'published' }).waitFor({ timeout: 120_000 });
  return questions;
}
