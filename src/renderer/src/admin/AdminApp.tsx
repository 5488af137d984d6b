// Placeholder: the admin screen (issue 5) is being written.
export default function AdminApp() {
  return null;
}
