/**
 * Access-request deadlines per jurisdiction profile. Pure date arithmetic on
 * calendar dates (`YYYY-MM-DD`, the business's local date of receipt); the
 * sources and the choices made are in docs/access-requests.md.
 */
export const REQUEST_JURISDICTIONS = ['CA-BC', 'CA', 'QC', 'EU', 'FR', 'LU', 'UK'] as const;
export type RequestJurisdiction = (typeof REQUEST_JURISDICTIONS)[number];

export interface Deadline {
  /** Last day to respond. */
  due: string;
  /** Last day if the allowed extension is taken. */
  extendedDue: string;
  /** The rule, for the owner and the report. */
  rule: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Date-only values are handled as UTC midnights so no time zone or DST can shift a day. */
export function parseDate(text: string): Date {
  const m = DATE.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(NaN);
  if (!m || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) throw new RangeError(`"${text}" is not a date like 2026-11-26`);
  return d;
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * 86_400_000);
}

function ymd(year: number, month: number, day: number): string {
  return formatDate(new Date(Date.UTC(year, month - 1, day)));
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** The n-th (1-based) given weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return ymd(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
}

/** Victoria Day: the Monday before May 25 (federal Holidays Act). */
function victoriaDay(year: number): string {
  const may24 = new Date(Date.UTC(year, 4, 24));
  return formatDate(addDays(may24, -((may24.getUTCDay() + 6) % 7)));
}

/**
 * Holidays (other than Sundays) as BC's Interpretation Act s.29 defines
 * "holiday", computed for a year. Days a proclamation may add for one year
 * only (a day of mourning) cannot be computed; `extraHolidays` takes them.
 */
export function bcHolidays(year: number): Map<string, string> {
  const easter = parseDate(easterSunday(year));
  const days: [string, string][] = [
    [ymd(year, 1, 1), "New Year's Day"],
    [formatDate(addDays(easter, -2)), 'Good Friday'],
    [formatDate(addDays(easter, 1)), 'Easter Monday'],
    [victoriaDay(year), 'Victoria Day'],
    [ymd(year, 7, 1), 'Canada Day'],
    [nthWeekday(year, 8, 1, 1), 'British Columbia Day'],
    [nthWeekday(year, 9, 1, 1), 'Labour Day'],
    [nthWeekday(year, 10, 1, 2), 'Thanksgiving Day'],
    [ymd(year, 11, 11), 'Remembrance Day'],
    [ymd(year, 12, 25), 'Christmas Day'],
    [ymd(year, 12, 26), 'December 26'],
  ];
  // Family Day: second Monday of February 2013–2018, third Monday from 2019.
  if (year >= 2013) days.push([nthWeekday(year, 2, 1, year <= 2018 ? 2 : 3), 'Family Day']);
  if (year >= 2023) days.push([ymd(year, 9, 30), 'National Day for Truth and Reconciliation']);
  // Canada Day on a Sunday is kept on July 2 (Holidays Act, R.S.C. 1985, c. H-5, s.2(2)).
  if (new Date(Date.UTC(year, 6, 1)).getUTCDay() === 0) days.push([ymd(year, 7, 2), 'Canada Day (July 2)']);
  return new Map(days);
}

/** A "day" under BC PIPA s.1: not a Saturday and not a holiday (Sundays are holidays). */
export function isBcPipaDay(date: string, extraHolidays: ReadonlySet<string> = new Set()): boolean {
  const d = parseDate(date);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !bcHolidays(d.getUTCFullYear()).has(date) && !extraHolidays.has(date);
}

/** The date `n` PIPA days after `from` (the day of receipt is not counted). */
export function addBcPipaDays(from: string, n: number, extraHolidays: ReadonlySet<string> = new Set()): string {
  let d = parseDate(from);
  for (let counted = 0; counted < n; ) {
    d = addDays(d, 1);
    if (isBcPipaDay(formatDate(d), extraHolidays)) counted += 1;
  }
  return formatDate(d);
}

/**
 * "One month" under GDPR Art. 12(3), counted as EU Regulation 1182/71 Art. 3:
 * the period ends on the same date of the later month, or on that month's last
 * day when it has no such date; a period ending on a Saturday or Sunday runs to
 * the next working day. (Public holidays differ per country and are not
 * applied: the owner is told the date is the latest, not a safe harbour.)
 */
export function addMonthsGdpr(from: string, months: number): string {
  const d = parseDate(from);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  let end = new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
  while (end.getUTCDay() === 0 || end.getUTCDay() === 6) end = addDays(end, 1);
  return formatDate(end);
}

export function accessRequestDeadline(jurisdiction: RequestJurisdiction, received: string, extraHolidays: ReadonlySet<string> = new Set()): Deadline {
  parseDate(received);
  switch (jurisdiction) {
    case 'CA-BC': {
      const due = addBcPipaDays(received, 30, extraHolidays);
      return {
        due,
        extendedDue: addBcPipaDays(due, 30, extraHolidays),
        rule: 'BC PIPA s.29: 30 days, a "day" excluding Saturdays and holidays (Interpretation Act s.29, Sundays included); s.31 allows up to 30 more days',
      };
    }
    case 'CA': {
      const due = formatDate(addDays(parseDate(received), 30));
      return { due, extendedDue: formatDate(addDays(parseDate(due), 30)), rule: 'PIPEDA s.8(3): 30 days after receipt; s.8(4) allows up to 30 more days' };
    }
    case 'QC': {
      // The private-sector Act allows no extension: an answer not given in 30 days counts as a refusal (s.32).
      const due = formatDate(addDays(parseDate(received), 30));
      return { due, extendedDue: due, rule: 'Quebec private-sector Act (CQLR c. P-39.1) s.32: 30 days after receipt, no extension; no answer counts as a refusal' };
    }
    case 'EU':
    case 'FR':
    case 'LU':
    case 'UK':
      return {
        due: addMonthsGdpr(received, 1),
        extendedDue: addMonthsGdpr(received, 3),
        rule: `${jurisdiction === 'UK' ? 'UK GDPR' : 'GDPR'} Art. 12(3): one month of receipt, extendable by two further months`,
      };
  }
}
