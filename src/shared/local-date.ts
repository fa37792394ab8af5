/** The business's calendar date (YYYY-MM-DD) in its configured time zone, not the machine's. */
export function businessDate(timeZone: string, utcMs: number): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(utcMs);
}
