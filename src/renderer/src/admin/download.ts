// Saves a CSV the admin screen received from main (staff, sign-in log, audit log) as a file.
// A Blob URL of our own origin is the one download the Electron shell lets through (window.ts),
// where it goes through a save dialog; in the browser demo the browser saves it.

export interface CsvFile {
  filename: string;
  csv: string;
}

/** Starts the download of `file.csv` under `file.filename`. */
export function downloadCsv(file: CsvFile): void {
  // A BOM so spreadsheet programs read the names (ä, ñ, å) as UTF-8.
  const blob = new Blob(['\ufeff', file.csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = safeFilename(file.filename);
  link.rel = 'noopener';
  link.hidden = true;
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The click has started the download by now; the URL is not needed after this turn.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/** A plain file name: no folders, no control characters, ends in .csv. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  if (!clean || clean === '.' || clean === '..') return 'export.csv';
  return /\.csv$/i.test(clean) ? clean : `${clean}.csv`;
}
