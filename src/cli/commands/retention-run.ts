import { cliActor } from '../../audit/log.js';
import { mergeRanges, type RetentionPlan } from '../../policy/retention/plan.js';
import { retentionSettings } from '../../policy/retention/settings.js';
import { loweringMessage, RetentionSweeper } from '../../policy/retention/sweeper.js';
import { formatDuration } from '../../shared/duration.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function describePlan(plan: RetentionPlan, dryRun: boolean): string[] {
  const lines: string[] = [];
  const verb = dryRun ? 'would delete' : 'deleted';
  const cameras = [...new Set(plan.deletions.map((d) => d.segment.cameraId))].sort();
  if (cameras.length === 0) lines.push(`nothing to delete${plan.agePaused ? ' (age-based deletion paused)' : ''}`);
  for (const cameraId of cameras) {
    const mine = plan.deletions.filter((d) => d.segment.cameraId === cameraId);
    for (const reason of ['age', 'quota', 'floor'] as const) {
      const group = mine.filter((d) => d.reason === reason);
      if (group.length === 0) continue;
      const why = reason === 'age' ? 'older than the maximum age' : reason === 'quota' ? 'over the camera\'s byte quota' : 'below the free-space floor, oldest first';
      const ranges = mergeRanges(group.map((d) => d.segment)).map((r) => `${new Date(r.fromMs).toISOString()} .. ${new Date(r.toMs).toISOString()}`);
      lines.push(`camera ${cameraId}: ${verb} ${group.length} segment(s), ${mb(group.reduce((n, d) => n + d.segment.bytes, 0))} (${why})`);
      for (const r of ranges.slice(0, 10)) lines.push(`  ${r}`);
      if (ranges.length > 10) lines.push(`  … ${ranges.length - 10} more ranges`);
    }
  }
  if (plan.heldKept > 0) lines.push(`kept by holds: ${plan.heldKept} segment(s) a rule would otherwise delete`);
  if (plan.agePaused) {
    lines.push(
      `age-based deletion PAUSED: the clock is ${formatDuration(Math.max(0, plan.agePaused.now - plan.agePaused.newestSegmentEndMs))} past the newest recording; check the date and time`,
    );
  }
  for (const l of plan.lowered) {
    lines.push(l.confirmed ? `camera ${l.cameraId}: retention lowered from ${formatDuration(l.fromMaxAgeMs)} to ${formatDuration(l.toMaxAgeMs)} (confirmed with --force; logged)` : `REFUSED: ${loweringMessage(l)}`);
  }
  if (plan.stopRecording.length > 0) {
    const unreachable = plan.floorUnreachable
      ? `deleting all ${(plan.floorUnreachable.deletableBytes / 1e6).toFixed(1)} MB of unheld footage could not reach the free-space floor, so none is deleted for it`
      : 'only held footage is left below the free-space floor';
    lines.push(`STORAGE EXHAUSTED: ${unreachable}; recording must stop for ${plan.stopRecording.join(', ')} (the storage.exhausted alarm says what fills the disk)`);
  }
  return lines;
}

export const retentionRun: Command = {
  name: 'retention run',
  summary: 'Apply the retention rules now and print what is deleted and why',
  usage: 'retention run [--dry-run] [--force] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const dryRun = values['dry-run'] ?? false;
      const sweeper = new RetentionSweeper({
        db: ctx.db,
        layout: ctx.layout,
        audit: ctx.audit,
        alarms: ctx.alarms,
        clock: ctx.clock,
        log: ctx.log,
        settings: () => retentionSettings(ctx.loaded.config),
        onStorageExhausted: (cameras) => io.err(`the running recorder stops ${cameras.join(', ')} at its next sweep; an alarm is raised`),
      });
      const result = sweeper.sweep({ dryRun, force: values.force ?? false, actor: cliActor() });
      const lines = describePlan(result.plan, dryRun);
      if (!dryRun && result.certificateId !== undefined) lines.push(`deletion certificate ${result.certificateId}; the sweep is in the audit log`);
      io.out(lines.join('\n'));
      const refused = result.plan.lowered.some((l) => !l.confirmed);
      return Promise.resolve(refused || result.plan.stopRecording.length > 0 ? 1 : 0);
    } finally {
      ctx.close();
    }
  },
};
