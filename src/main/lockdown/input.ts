// The kiosk's keyboard deny-list (before-input-event): every chord that would close, reload,
// print, zoom, navigate or open dev tools is swallowed before Chromium or the menu sees it.
// Pure, so every chord is unit-tested. Keys are matched by `code` (the physical key) as well as
// `key`, so a French or German layout cannot slip a chord past it.

/** The fields of Electron's `Input` this decision uses. */
export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

/** Ctrl+Alt+A opens the admin screen (src/renderer/src/admin/entry.ts): always let it through. */
export function isAdminChord(input: KeyInput): boolean {
  return input.control && input.alt && !input.shift && !input.meta && input.code === 'KeyA';
}

const letter = (input: KeyInput, ch: string) =>
  input.code === `Key${ch.toUpperCase()}` || input.key.toLowerCase() === ch;

/** Every function key, with or without modifiers: reload, full screen, dev tools, caret browsing, menu. */
const FUNCTION_KEY = /^F([1-9]|1[0-9]|2[0-4])$/;

/** Keys that are browser actions on their own (media keyboards, kiosk keypads). */
const BROWSER_KEYS = new Set([
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserStop',
  'BrowserHome',
  'BrowserSearch',
  'BrowserFavorites',
  'LaunchApp1',
  'LaunchApp2',
  'LaunchMail',
]);

const ZOOM_KEYS = new Set(['=', '+', '-', '_', '0']);
const ZOOM_CODES = new Set(['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']);

/** Ctrl+<these letters> (Cmd on a Mac): close, quit, new window/tab, reload, print, save, open, view source, find. */
const CTRL_LETTERS = [
  'w',
  'q',
  'n',
  't',
  'r',
  'p',
  's',
  'o',
  'u',
  'f',
  'g',
  'h',
  'j',
  'l',
  'd',
  'e',
  'k',
  'm',
];

/** Ctrl+Shift+<these>: dev tools (I, J, C), reopen closed, private window, task manager-ish. */
const CTRL_SHIFT_LETTERS = ['i', 'j', 'c', 'r', 'w', 'q', 'n', 't', 'p', 'b', 'o', 'm'];

export function shouldBlockInput(input: KeyInput): boolean {
  if (isAdminChord(input)) return false;
  const { key, code, alt, shift } = input;
  const ctrl = input.control || input.meta;

  if (FUNCTION_KEY.test(key) || FUNCTION_KEY.test(code)) return true;
  if (BROWSER_KEYS.has(key) || BROWSER_KEYS.has(code)) return true;

  // History: Alt+Left/Right, Alt+Home; Cmd+[ / Cmd+] on a Mac.
  if (alt && ['ArrowLeft', 'ArrowRight', 'Home'].includes(key)) return true;
  if (ctrl && ['BracketLeft', 'BracketRight'].includes(code)) return true;

  if (ctrl && shift) {
    if (CTRL_SHIFT_LETTERS.some((ch) => letter(input, ch))) return true;
    if (key === 'Delete' || code === 'Delete') return true; // clear browsing data
  }
  if (ctrl && !alt && CTRL_LETTERS.some((ch) => letter(input, ch))) return true;
  // Zoom in / out / reset, on the main row and the number pad.
  if (ctrl && (ZOOM_KEYS.has(key) || ZOOM_CODES.has(code))) return true;
  // Dev tools on a Mac (Cmd+Alt+I/J/C) and Ctrl+Alt variants of the same.
  if (ctrl && alt && ['i', 'j', 'c', 'u'].some((ch) => letter(input, ch))) return true;
  // Switching tabs or windows inside Chromium.
  if (ctrl && (key === 'Tab' || key === 'PageUp' || key === 'PageDown')) return true;
  return false;
}
