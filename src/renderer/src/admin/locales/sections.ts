// Strings of the admin screen's Groups, Policy, Modem and Logs sections, per language, under the
// 'admin' namespace. Placeholder: being written.
export const sectionsMessages = { en: {}, fi: {}, es: {}, sv: {} };
