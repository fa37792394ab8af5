import type { Config } from '../../config/schema.js';
import { retentionText } from '../../config/retention.js';
import { formatDuration } from '../../shared/duration.js';
import type { PrivacyPause } from './pause.js';
import { describeSchedule } from './schedule.js';
import { allGateVerdicts, formatGateFailure } from './gates.js';
import { jurisdictionProfile, type RetentionOf } from './profile.js';
import { DEFAULT_RECIPIENTS, DEFAULT_TRANSFERS } from './signage.js';
import { complianceAnswer, complianceLine, signAnswer } from './sign-answer.js';
import { describeSignStatus, type SignStatus } from './signage-store.js';

/**
 * The record of processing (GDPR Art. 30; PIPA s.5), generated from the
 * configuration and the index. Pure: the command gathers the inputs.
 * Sections whose source has not been built yet say so plainly rather than
 * print an empty list that would read as "none".
 */
export interface ReportInputs {
  config: Pick<Config, 'business' | 'jurisdiction' | 'timezone' | 'cameras'>;
  retentionOf: RetentionOf;
  signs: readonly SignStatus[];
  pauses: readonly PrivacyPause[];
  audit: { entries: number; lastAt: number | undefined };
  generatedAt: number;
  /** Sections other modules will supply; undefined means not built yet. */
  holds?: string;
  transfers?: string;
  recipients?: string;
  /** Whether the cameras themselves can reach the internet (docs/containment.md); absent: not known here. */
  containment?: string;
  auditVerification?: string;
  /** Who applies a masked camera's masks (camera or Premises); absent: not known here. */
  maskingOf?: (cameraId: string) => string;
  /** Staff notices: who must (re-)acknowledge, and workstations flagged (src/api/staff-dpia-inputs.ts); absent: section left out. */
  staff?: string;
  /** The assessment's review state; absent: section left out. */
  dpia?: string;
  /** Users flagged for routine viewing, with the thresholds; absent: section left out. */
  routineViewing?: string;
}

const NOT_YET = (what: string) => `Not available yet (${what}: not built in this version of Premises).`;

function masksText(c: ReportInputs['config']['cameras'][number], maskingOf: ReportInputs['maskingOf']): string {
  const n = c.masks?.length ?? 0;
  if (n === 0) return 'none';
  return `${n} area(s) blacked out${maskingOf ? `, ${maskingOf(c.id)}` : ''}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderReport(r: ReportInputs): string {
  const { config } = r;
  const profile = jurisdictionProfile(config.jurisdiction);
  const b = config.business;
  const out: string[] = [];
  out.push('# Record of processing: video surveillance', '');
  out.push(`Generated ${new Date(r.generatedAt).toISOString()} by Premises from the configuration and the index.`, '');
  // The same answer as the dashboard's Compliance page (sign-answer.ts).
  const signFor = new Map(r.signs.map((s) => [s.key, s] as const));
  const gateFailures = new Map(allGateVerdicts(config).map((v) => [v.camera, v.failures.map((f) => f.reason)] as const));
  const answer = complianceAnswer(
    config.cameras.map((c) => {
      const sign = signFor.get(`notice:${c.id}`);
      return { id: c.id, enabled: c.enabled, gateFailures: gateFailures.get(c.id) ?? [], sign: sign ? signAnswer(sign, c.signage) : null };
    }),
    r.signs.filter((s) => s.status === 'stale').map((s) => s.key),
  );
  out.push(`**${complianceLine(answer)}**`, '');

  out.push('## Controller', '');
  if (b) {
    out.push(`- Business: ${b.name}`, `- Address: ${b.address}`);
    out.push(`- Accountable contact: ${[b.contact.name, b.contact.email, b.contact.phone].filter(Boolean).join(', ')}`);
    out.push(`- Who may view footage: ${(b.viewers ?? [`${b.contact.name} and people they authorise`]).join('; ')}`);
  } else {
    out.push('- **No business profile configured: no camera records until one exists.**');
  }
  out.push(`- Jurisdiction profile: ${profile.label}`);
  out.push(
    `- Default retention: ${profile.defaultRetention.text}; cap without a stored justification: ${profile.capText}` +
      (profile.absoluteMaxMs !== undefined ? `; limit no justification lifts: ${retentionText(profile.absoluteMaxMs)}` : ''),
  );
  out.push(`- Access requests answered within: ${profile.accessDeadline}`);
  out.push(`- Time zone for schedules: ${config.timezone}`, '');

  const verdicts = new Map(allGateVerdicts(config).map((v) => [v.camera, v] as const));
  const signByKey = new Map(r.signs.map((s) => [s.key, s] as const));
  const pauseByCamera = new Map(r.pauses.map((p) => [p.camera, p] as const));

  out.push('## Cameras', '');
  if (config.cameras.length === 0) out.push('No cameras are configured.', '');
  else {
    out.push('| Camera | Area | Purposes | Retention (cap) | Schedule | Masks | Audio | Signage | May record |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    for (const c of config.cameras) {
      const retention = r.retentionOf(c.id);
      const overCap = retention.ms !== undefined && profile.capMs !== undefined && retention.ms > profile.capMs;
      const sign = signByKey.get(`notice:${c.id}`);
      const verdict = verdicts.get(c.id);
      const pause = pauseByCamera.get(c.id);
      const may = !c.enabled
        ? 'no: disabled'
        : verdict && verdict.failures.length > 0
          ? `no: ${verdict.failures.map((f) => f.code).join(', ')}`
          : pause
            ? 'paused'
            : 'yes';
      out.push(
        `| ${cell(!c.name || c.name === c.id ? c.id : c.name.endsWith(`(${c.id})`) ? c.name : `${c.name} (${c.id})`)} | ${c.area ?? 'not set'} | ${cell((c.purposes ?? []).join('; ') || 'none')} | ` +
          `${cell(`${retention.text} (${profile.capText})${overCap ? ' OVER CAP' : ''}`)} | ${cell(describeSchedule(c.schedule, config.timezone))} | ` +
          `${cell(masksText(c, r.maskingOf))} | ${c.audio ? 'on' : 'off'} | ${cell(sign ? signAnswer(sign, c.signage).text : 'no sign: never recorded area')} | ${cell(may)} |`,
      );
    }
    out.push('');
  }

  out.push('## Consent gates failing', '');
  const failures = [...verdicts.values()].flatMap((v) => v.failures);
  if (failures.length === 0) out.push('None: every camera passes every gate.');
  else for (const f of failures) out.push(`- ${formatGateFailure(f)}`);
  out.push('');

  out.push('## Audio', '');
  const audio = config.cameras.filter((c) => c.audio);
  if (audio.length === 0) out.push('Audio is off on every camera.');
  for (const c of audio) {
    out.push(
      `- ${c.id}: justification: ${c.audioJustification ?? 'none given'}; interception warning acknowledged: ${c.audioInterceptionWarningAcknowledged ? 'yes' : 'no'}`,
    );
  }
  out.push('');

  const dining = config.cameras.filter((c) => c.area === 'dining');
  if (dining.length > 0) {
    out.push('## Customer seating (dining)', '');
    for (const c of dining) out.push(`- ${c.id}: ${c.diningJustification ? `justification: ${c.diningJustification}` : 'no justification: off'}`);
    out.push('');
  }

  out.push('## Signage', '');
  if (r.signs.length === 0) out.push('No signs are called for.');
  const signageOf = new Map<string, (typeof config.cameras)[number]["signage"]>(config.cameras.map((c) => [`notice:${c.id}`, c.signage]));
  for (const s of r.signs) {
    // The print log, and where the configuration records the sign as up anyway, that it counts as up (sign-answer.ts).
    const recorded = s.status === 'missing' || s.status === 'unconfirmed' ? signageOf.get(s.key) : undefined;
    out.push(`- ${s.key}: ${describeSignStatus(s)}${recorded ? `; counted as up: the configuration records it posted at ${recorded.location} on ${recorded.date}` : ''}`);
  }
  const stale = r.signs.filter((s) => s.status === 'stale');
  if (stale.length > 0) out.push('', `**${stale.length} stale sign(s): ${stale.map((s) => s.key).join(', ')}.**`);
  out.push('');

  out.push('## Privacy pauses in force', '');
  if (r.pauses.length === 0) out.push('None.');
  for (const p of r.pauses) {
    out.push(
      `- ${p.camera}: since ${new Date(p.startedAt).toISOString()} by ${p.startedBy}, ${p.until === undefined ? 'until resumed' : `for ${formatDuration(p.until - p.startedAt)} (until ${new Date(p.until).toISOString()})`}: ${p.reason}`,
    );
  }
  out.push('');

  out.push('## Recipients and transfers', '');
  out.push(`- Recipients: ${r.recipients ?? DEFAULT_RECIPIENTS}`);
  out.push(`- Transfer policies: ${r.transfers ?? `${NOT_YET('transfer policies')} ${DEFAULT_TRANSFERS}`}`);
  if (r.containment) out.push(`- The cameras' own connections: ${r.containment}`);
  out.push('');

  out.push('## Holds', '', r.holds ?? NOT_YET('holds on footage'), '');

  if (r.staff !== undefined) out.push('## Staff notices', '', r.staff, '');
  if (r.dpia !== undefined) out.push('## Privacy impact assessment', '', r.dpia, '');
  if (r.routineViewing !== undefined) out.push('## Routine viewing (last 30 days)', '', r.routineViewing, '');

  // The activity index is derived from the footage: say what it is, that it holds no image, and how long it lives.
  out.push('## Activity index', '');
  out.push(
    '- What: for each stored segment, which cells of a 16 × 9 grid over the picture changed between keyframes, so an incident can be found by place and time. Cells under privacy masks never count.',
    '- What it is not: no image, no pixel values, no faces or identities — only "something changed here at this time".',
    '- How long: each entry is deleted together with the footage it describes and kept only while that footage is kept or held.',
    '- Who: users with the playback right on the camera; every search is recorded in the audit log.',
    '',
  );

  out.push('## Audit log', '');
  out.push(`- Entries: ${r.audit.entries}${r.audit.lastAt !== undefined ? `, last at ${new Date(r.audit.lastAt).toISOString()}` : ''}`);
  out.push(`- Last verification: ${r.auditVerification ?? NOT_YET('audit chain verification')}`, '');
  return out.join('\n');
}
