import { cliActor } from '../../audit/log.js';
import { noticeFor, signInputsNow, staffStatuses, type StaffDpiaDeps } from '../../api/staff-dpia-inputs.js';
import { openContext, type AppContext } from '../../daemon/context.js';
import { reportFormatOf } from '../../policy/consent/report-format.js';
import { renderStaffNotice, shortVersion } from '../../policy/consent/staff-notice.js';
import { StaffStore, STAFF_AREAS, staffReminder, type StaffNoticeStatus } from '../../policy/consent/staff-store.js';
import { businessDate } from '../../shared/local-date.js';
import { LANGUAGE_CODES } from '../../shared/languages.js';
import { parse, requireString, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { writeDocument } from './write-document.js';

const deps = (ctx: AppContext): StaffDpiaDeps => ({ config: ctx.loaded.config, db: ctx.db, audit: ctx.audit, clock: ctx.clock });

function staffId(positionals: string[]): number {
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) throw new UsageError('give one staff number (premises staff list shows them)');
  return id;
}

function describeState(s: StaffNoticeStatus): string {
  if (s.state === 'current') return `acknowledged (signed ${s.lastAck?.signedOn ?? '?'}, version ${shortVersion(s.notice.version)})`;
  if (s.state === 'stale') return `MUST RE-ACKNOWLEDGE: the notice changed since it was signed on ${s.lastAck?.signedOn ?? '?'} (now version ${shortVersion(s.notice.version)})`;
  return `NOT ACKNOWLEDGED YET (version ${shortVersion(s.notice.version)})`;
}

export const staffAdd: Command = {
  name: 'staff add',
  summary: 'Add someone who works on the premises, so they get their own notice of the cameras that see where they work',
  usage: `staff add --name NAME --role TITLE --areas AREA[,AREA] [--language ${LANGUAGE_CODES.join('|')}] [--config FILE]`,
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, areas: { type: 'string' }, language: { type: 'string' } });
    const input = {
      name: requireString(values.name, '--name NAME'),
      role: requireString(values.role, '--role TITLE'),
      areas: requireString(values.areas, `--areas AREA[,AREA] (${STAFF_AREAS.join(', ')})`).split(','),
      language: values.language,
    };
    const ctx = openContext(values.config, { env: io.env });
    try {
      const member = new StaffStore(ctx.db, ctx.audit, ctx.clock).add(input, cliActor());
      const notice = noticeFor(deps(ctx), member);
      io.out(
        `staff ${member.id}: ${member.name} (${member.role}), works in ${member.areas.join(', ')}; notice in ${member.language}, version ${shortVersion(notice.version)}, ` +
          `${notice.content.cameras.length} camera(s) see where they work.\nNext: premises staff notice ${member.id} --out notice.html, have it signed, then premises staff ack ${member.id} --version ${shortVersion(notice.version)} --signed YYYY-MM-DD`,
      );
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const staffList: Command = {
  name: 'staff list',
  summary: 'List staff and whether each acknowledged their current notice (--all: people who left too)',
  usage: 'staff list [--all] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, all: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const statuses = staffStatuses(deps(ctx));
      const lines = statuses.map((s) => `${s.member.id}  ${s.member.name} (${s.member.role}) [${s.member.areas.join(', ')}; ${s.member.language}]: ${describeState(s)}`);
      if (values.all) {
        for (const m of new StaffStore(ctx.db, ctx.audit, ctx.clock).list({ includeLeft: true }).filter((m) => m.leftAt !== null)) {
          lines.push(`${m.id}  ${m.name} (${m.role}): left ${new Date(m.leftAt ?? 0).toISOString()}`);
        }
      }
      lines.push('', staffReminder(statuses).text);
      io.out(lines.join('\n'));
      return Promise.resolve(statuses.some((s) => s.state !== 'current') ? 1 : 0);
    } finally {
      ctx.close();
    }
  },
};

export const staffNoticeCommand: Command = {
  name: 'staff notice',
  summary: "Print a staff member's own notice (or --all) in their language, to hand over and have signed (--out notice.html, .pdf or .md)",
  usage: 'staff notice ID|--all [--out FILE.html|FILE.pdf|FILE.md] [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, all: { type: 'boolean' }, out: { type: 'string' } }, true);
    if (values.all && positionals.length > 0) throw new UsageError('give a staff number or --all, not both');
    const format = values.out === undefined ? 'markdown' : reportFormatOf(values.out);
    const ctx = openContext(values.config, { env: io.env });
    try {
      const store = new StaffStore(ctx.db, ctx.audit, ctx.clock);
      const members = values.all ? store.list() : [store.get(staffId(positionals))];
      if (members.length === 0) throw new UsageError('no staff recorded yet: premises staff add');
      const inputs = signInputsNow(deps(ctx));
      const notices = members.map((m) => noticeFor(deps(ctx), m, inputs));
      const markdown = notices.map(renderStaffNotice).join('\n');
      if (values.out === undefined) io.out(markdown);
      else {
        const lang = new Set(members.map((m) => m.language)).size === 1 ? members[0]?.language : undefined;
        const file = await writeDocument(values.out, markdown, format, 'Staff notice', lang);
        io.out(`wrote ${file}: ${notices.map((n) => `staff ${n.employeeId} version ${shortVersion(n.version)}`).join(', ')}`);
      }
      return 0;
    } finally {
      ctx.close();
    }
  },
};

export const staffAck: Command = {
  name: 'staff ack',
  summary: 'Record that a staff member signed their notice (the version printed at its foot, the day they signed)',
  usage: 'staff ack ID --version VERSION --signed YYYY-MM-DD [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, version: { type: 'string' }, signed: { type: 'string' } }, true);
    const id = staffId(positionals);
    const version = requireString(values.version, '--version VERSION (printed at the foot of the notice)');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const store = new StaffStore(ctx.db, ctx.audit, ctx.clock);
      const member = store.get(id);
      const signedOn = values.signed ?? businessDate(ctx.loaded.config.timezone, ctx.clock.now());
      const ack = store.acknowledge(noticeFor(deps(ctx), member), { version, signedOn }, cliActor());
      io.out(`staff ${id} (${member.name}) acknowledged notice version ${shortVersion(ack.version)}, signed ${ack.signedOn}`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const staffLeft: Command = {
  name: 'staff left',
  summary: 'Mark that someone no longer works here: no more notices or reminders; their signed acknowledgements are kept',
  usage: 'staff left ID [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' } }, true);
    const id = staffId(positionals);
    const ctx = openContext(values.config, { env: io.env });
    try {
      const m = new StaffStore(ctx.db, ctx.audit, ctx.clock).markLeft(id, cliActor());
      io.out(`staff ${m.id} (${m.name}) marked as having left`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
