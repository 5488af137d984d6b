// Moved to src/main/outbox/outbound.ts (the outbox sits above the modem, the codec below it).
// Kept only so branches written before the move still build; import from the new path.
export type * from '../outbox/outbound';
