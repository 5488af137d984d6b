// Placeholder: a person's second factors on the admin screen (PIN and authenticator app status
// and reset, self-service enrolment codes with a printable slip). Being written (issue 6).
export function StaffSecurity(_props: { personId: number }) {
  return null;
}
