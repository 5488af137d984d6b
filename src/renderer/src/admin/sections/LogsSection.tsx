// Placeholder: the Logs section of the admin screen (issue 5) is being written.
export function LogsSection() {
  return null;
}
