// Placeholder: the Modem section of the admin screen (issue 5) is being written.
export function ModemSection() {
  return null;
}
