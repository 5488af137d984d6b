// Placeholder: the Groups section of the admin screen (issue 5) is being written.
export function GroupsSection() {
  return null;
}
