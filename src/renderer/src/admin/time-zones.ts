// The site's time zone in the setup wizard: the IANA zones this browser knows, the machine's own
// first as the default (a kiosk is set up where it stands).

/** The machine's zone, e.g. Europe/Helsinki ('UTC' when the browser does not say). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every zone Intl knows, sorted, with UTC and the given zones included. */
export function timeZoneChoices(...include: string[]): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...known, 'UTC', ...include.filter(Boolean)])].sort();
}
