// What the sign-in engine needs from whatever sends SMS (the persistent outbox in production,
// a recorder in tests).

export interface OutboundMessage {
  /** E.164 destination. */
  to: string;
  body: string;
  /** Epoch ms after which the message is worthless (the code has expired): drop, don't send. */
  expiresAt: number;
  /** The sign-in challenge the code belongs to. */
  challengeId: string;
}

export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'expired';

export type Availability = { available: true } | { available: false; reason: string };

export interface OutboundSms {
  /** Whether a message can go out now (a modem is configured and not known to be down). */
  availability(): Availability;
  /**
   * Queues a message and returns its id. Called inside the engine's database transaction, so a
   * persistent outbox in the same database commits or rolls back with the challenge.
   */
  enqueue(message: OutboundMessage): string;
  /** Drops a message that has not gone out yet (a newer code replaced it). */
  cancel(id: string): void;
  /**
   * `sentAt`: when the network took the message, also for one that failed after that.
   * `destinationFault`: it failed for a cause the operator gave for the destination number.
   */
  status(
    id: string,
  ):
    | { status: OutboundStatus; reason?: string; sentAt?: number; destinationFault?: boolean }
    | undefined;
  /**
   * How long the newest messages took from the queue to the network, newest first: a decoy's
   * pretended send takes one of these, so its timeline looks like a real one's.
   */
  recentSendDurations?(limit: number): number[];
}
