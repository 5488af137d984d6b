// Strings of the admin screen's shell (entry, sign-in, setup, staff), per language, under the
// 'admin' namespace. Placeholder: being written.
export const shellMessages = { en: {}, fi: {}, es: {}, sv: {} };
