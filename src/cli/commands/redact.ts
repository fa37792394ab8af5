import { cliActor } from '../../audit/log.js';
import { addReviewerBox, markTrack, pickRequesterAt, removeReviewBox } from '../../disclosure/redaction/actions.js';
import { analyseRedaction, createRedaction, discardRedaction, publishRedaction, recoverRedactions, type RedactionDeps } from '../../disclosure/redaction/job.js';
import { TRACK_ROLES, type TrackRole } from '../../disclosure/redaction/review.js';
import { RedactionStore } from '../../disclosure/redaction/store.js';
import { stripFrames, writeStrip } from '../../disclosure/redaction/strip.js';
import { openContext, type AppContext } from '../../daemon/context.js';
import { iso } from '../../shared/iso.js';
import { runProcessInBackground } from '../../shared/priority.js';
import { UsageError, parse, parseIsoTime, requireString } from '../args.js';
import type { Command, CommandIo } from '../command.js';
import { EXPORT_REQUEST_OPTIONS, exportRequestOf } from '../export-request.js';

/**
 * `premises redact …`: automatic bystander redaction of an access-request
 * export (docs/redaction.md). start → (show, pick, mark, box, unbox) → publish.
 */
function deps(ctx: AppContext, io: CommandIo): RedactionDeps {
  return { db: ctx.db, layout: ctx.layout, audit: ctx.audit, alarms: ctx.alarms, clock: ctx.clock, actor: cliActor(), notice: (l) => io.err(l) };
}

async function withContext(config: string | undefined, io: CommandIo, fn: (ctx: AppContext) => Promise<number> | number): Promise<number> {
  const ctx = openContext(config, { env: io.env });
  try {
    recoverRedactions({ ...deps(ctx, io) });
    return await fn(ctx);
  } finally {
    ctx.close();
  }
}

function jobId(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError('give the redaction job id (see `premises redact list`)');
  return positionals[0]!;
}

function int(value: string | undefined, flag: string): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number`);
  return Number(value);
}

function printSummary(io: CommandIo, ctx: AppContext, id: string): void {
  const job = new RedactionStore(ctx.db).get(id)!;
  io.out(`redaction ${id}: ${job.state}`);
  if (job.summary) {
    const s = job.summary;
    const persons = s.persons ?? 0;
    io.out(`  ${s.tracks - persons} face track(s) and ${persons} person track(s) in ${s.clips} clip(s): ${s.requester} requester, ${s.blurred} to blur, ${s.notAFace} not a face, ${s.addedByReviewer} added by the reviewer`);
  }
}

export const redactStart: Command = {
  name: 'redact start',
  summary: 'Find and follow every face and person in an access-request export, for review before the export is made with bystanders blurred',
  usage:
    'redact start --request ID --camera ID[,ID] --from ISO --to ISO --reason TEXT --requested-by TEXT --legal-basis TEXT [--keep DURATION] [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, {
      ...EXPORT_REQUEST_OPTIONS,
    });
    // Redaction is for access requests only: the request id is required here.
    requireString(values.request, '--request ID');
    const req = exportRequestOf(values);
    // Detection and rendering run beside the recorder on the same cores: the recorder must win (docs/redaction.md).
    runProcessInBackground();
    return withContext(values.config, io, async (ctx) => {
      const job = createRedaction(deps(ctx, io), req);
      io.err(`redaction ${job.id}: detecting faces…`);
      await analyseRedaction(deps(ctx, io), job.id);
      printSummary(io, ctx, job.id);
      io.out(`review it: premises redact show ${job.id} --strip DIR`);
      return 0;
    });
  },
};

export const redactResume: Command = {
  name: 'redact resume',
  summary: 'Run again the face detection of a redaction that a restart interrupted',
  usage: 'redact resume JOB [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' } }, true);
    const id = jobId(positionals);
    runProcessInBackground();
    return withContext(values.config, io, async (ctx) => {
      await analyseRedaction(deps(ctx, io), id);
      printSummary(io, ctx, id);
      return 0;
    });
  },
};

export const redactList: Command = {
  name: 'redact list',
  summary: 'List redaction jobs (--all: ended ones too)',
  usage: 'redact list [--all] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, all: { type: 'boolean' } });
    return withContext(values.config, io, (ctx) => {
      const jobs = new RedactionStore(ctx.db).list(values.all ?? false);
      if (jobs.length === 0) io.out('no redaction jobs');
      for (const j of jobs) {
        io.out(
          `${j.id}  ${j.state}  request ${j.request.accessRequestId ?? '-'}  ${j.request.cameras.join(',')}  ${iso(j.request.fromMs)} .. ${iso(j.request.toMs)}` +
            (j.exportId && j.state === 'published' ? `  export ${j.exportId} reviewed by ${j.reviewer ?? '?'}` : '') +
            (j.error ? `  (${j.error})` : ''),
        );
      }
      return 0;
    });
  },
};

export const redactShow: Command = {
  name: 'redact show',
  summary: 'The review strip of a redaction: every face and person box per review frame (--strip DIR: the frames as JPEGs with the boxes drawn)',
  usage: 'redact show JOB [--strip DIR] [--json] [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, strip: { type: 'string' }, json: { type: 'boolean' } }, true);
    const id = jobId(positionals);
    return withContext(values.config, io, async (ctx) => {
      const frames = stripFrames(ctx.layout, id).map(({ image: _image, ...f }) => f);
      if (values.json) io.out(JSON.stringify(frames));
      else {
        printSummary(io, ctx, id);
        for (const f of frames) {
          io.out(`${f.camera} ${f.at}  ${f.boxes.map((b) => `#${b.track} ${b.role}${b.kind === 'person' ? ' person' : ''} ${b.box.x},${b.box.y},${b.box.w},${b.box.h}`).join('  ') || '(no face)'}`);
        }
      }
      if (values.strip) {
        const files = await writeStrip(ctx.layout, id, values.strip);
        io.err(`${files.length} review frame(s) written to ${values.strip} (faces, thick: green requester, red blurred, grey not a face; persons, thin: lime requester, orange blurred, white not a person)`);
      }
      return 0;
    });
  },
};

export const redactPick: Command = {
  name: 'redact pick',
  summary: 'Mark the requester: the face (or person) whose box holds the point X,Y (clip pixels) at that time',
  usage: 'redact pick JOB --camera ID --at ISO --x N --y N [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, camera: { type: 'string' }, at: { type: 'string' }, x: { type: 'string' }, y: { type: 'string' } }, true);
    const id = jobId(positionals);
    const camera = requireString(values.camera, '--camera ID');
    const at = parseIsoTime(requireString(values.at, '--at ISO'), '--at');
    const x = int(values.x, '--x');
    const y = int(values.y, '--y');
    return withContext(values.config, io, (ctx) => {
      const track = pickRequesterAt(deps(ctx, io), id, camera, at, x, y);
      io.out(`track ${track} is the requester: it stays visible`);
      return 0;
    });
  },
};

export const redactMark: Command = {
  name: 'redact mark',
  summary: 'Say what a track is: requester (kept), bystander (blurred) or not-a-face (kept)',
  usage: 'redact mark JOB --track N --as requester|bystander|not-a-face [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, track: { type: 'string' }, as: { type: 'string' } }, true);
    const id = jobId(positionals);
    const track = int(values.track, '--track');
    const role = requireString(values.as, '--as requester|bystander|not-a-face');
    if (!(TRACK_ROLES as readonly string[]).includes(role)) throw new UsageError(`--as must be one of ${TRACK_ROLES.join(', ')}`);
    return withContext(values.config, io, (ctx) => {
      markTrack(deps(ctx, io), id, track, role as TrackRole);
      io.out(`track ${track}: ${role}`);
      return 0;
    });
  },
};

export const redactBox: Command = {
  name: 'redact box',
  summary: 'Add a box the detector missed (blurred from --from to --to)',
  usage: 'redact box JOB --camera ID --from ISO --to ISO --rect X,Y,W,H [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, camera: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, rect: { type: 'string' } }, true);
    const id = jobId(positionals);
    const camera = requireString(values.camera, '--camera ID');
    const from = parseIsoTime(requireString(values.from, '--from ISO'), '--from');
    const to = parseIsoTime(requireString(values.to, '--to ISO'), '--to');
    const rect = requireString(values.rect, '--rect X,Y,W,H').split(',');
    if (rect.length !== 4 || rect.some((n) => !/^\d+$/.test(n.trim()))) throw new UsageError('--rect takes X,Y,W,H in whole pixels of the picture');
    const [x, y, w, h] = rect.map(Number) as [number, number, number, number];
    return withContext(values.config, io, (ctx) => {
      const track = addReviewerBox(deps(ctx, io), id, camera, from, to, { x, y, w, h });
      io.out(`added track ${track} (blurred)`);
      return 0;
    });
  },
};

export const redactUnbox: Command = {
  name: 'redact unbox',
  summary: 'Remove a box: one you added is deleted, a detected one is marked not-a-face',
  usage: 'redact unbox JOB --track N [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, track: { type: 'string' } }, true);
    const id = jobId(positionals);
    const track = int(values.track, '--track');
    return withContext(values.config, io, (ctx) => {
      removeReviewBox(deps(ctx, io), id, track);
      io.out(`track ${track} removed`);
      return 0;
    });
  },
};

export const redactPublish: Command = {
  name: 'redact publish',
  summary: 'Make the export with every face but the requester blurred; you are recorded as the reviewer. The detections are then deleted',
  usage: 'redact publish JOB [--all-blurred] [--json] [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, 'all-blurred': { type: 'boolean' }, json: { type: 'boolean' } }, true);
    const id = jobId(positionals);
    runProcessInBackground();
    return withContext(values.config, io, async (ctx) => {
      const result = await publishRedaction(deps(ctx, io), id, { allBystanders: values['all-blurred'] ?? false });
      if (values.json) io.out(JSON.stringify({ id: result.id, dir: result.dir }));
      else io.out(`export ${result.id}\n${result.dir}\nmanifest sha256 ${result.manifestSha256}`);
      return 0;
    });
  },
};

export const redactDiscard: Command = {
  name: 'redact discard',
  summary: 'Give up a redaction before it is published; its detections and clips are deleted',
  usage: 'redact discard JOB --reason TEXT [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, reason: { type: 'string' } }, true);
    const id = jobId(positionals);
    const reason = requireString(values.reason, '--reason TEXT');
    return withContext(values.config, io, (ctx) => {
      discardRedaction(deps(ctx, io), id, reason);
      io.out(`redaction ${id} discarded`);
      return 0;
    });
  },
};

export const REDACT_COMMANDS: Command[] = [redactStart, redactResume, redactList, redactShow, redactPick, redactMark, redactBox, redactUnbox, redactPublish, redactDiscard];
