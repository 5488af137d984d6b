// Placeholder: the Policy section of the admin screen (issue 5) is being written.
export function PolicySection() {
  return null;
}
