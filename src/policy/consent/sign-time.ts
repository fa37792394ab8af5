import { retentionText } from '../../config/retention.js';
import type { Language } from '../../shared/languages.js';
import { clockMinutes, describeSchedule, type Schedule } from './schedule.js';
import { SIGN_WORDS } from './sign-text.js';

/**
 * Periods and recording schedules in a notice language. English is exactly
 * what the record of processing and the CLI print (retentionText,
 * describeSchedule), so the English sign never disagrees with them.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "7 days", "7 jours", "72 小时"; undefined: the owner sets it (custom profile). */
export function periodIn(lang: Language, ms: number | undefined): string {
  const t = SIGN_WORDS[lang].time;
  if (ms === undefined) return t.byOwner;
  if (lang === 'en') return retentionText(ms);
  const say = (n: number, unit: keyof typeof t.unit) => t.joinUnit(n, t.unit[unit][n === 1 ? 0 : 1]);
  // The same choice of unit as retentionText: days from a week up, hours below (as the EDPB writes 72 hours).
  if (ms % DAY === 0 && ms >= 7 * DAY) return say(ms / DAY, 'day');
  if (ms % HOUR === 0) return say(ms / HOUR, 'hour');
  if (ms % DAY === 0) return say(ms / DAY, 'day');
  return say(Math.round(ms / 60_000), 'minute');
}

export function scheduleIn(lang: Language, schedule: Schedule, tz: string): string {
  if (lang === 'en') return describeSchedule(schedule, tz);
  const t = SIGN_WORDS[lang].time;
  if (schedule === undefined) return t.always;
  if (schedule.length === 0) return t.never;
  const windows = schedule.map((w) => {
    const days = w.days.length === 7 ? t.everyDay : w.days.map((d) => t.days[d]).join(t.listSep);
    const overnight = clockMinutes(w.to) <= clockMinutes(w.from) ? t.nextDay : '';
    return `${days} ${w.from}–${w.to}${overnight}`;
  });
  return `${windows.join(t.windowSep)} ${t.localTime(tz)}`;
}
