// The sign-in log's date filter: a day typed in the date field (YYYY-MM-DD, the kiosk's local
// day) to the first and last millisecond of that day.

/** Epoch ms of local midnight at the start of `day`. */
export function dayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!).getTime();
}

/** Epoch ms of the last millisecond of `day` (local time). */
export function dayEnd(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + 1).getTime() - 1;
}
