import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

/** The transactional outbox (`{ transaction }` on the CRM write methods) and its relay. */
export class OutboxOptions {
  /** Run the relay in this process: it moves committed outbox rows into the Redis queues. */
  @IsOptional() @IsBoolean() relay?: boolean;
  /** Rows one relay transaction claims (FOR UPDATE SKIP LOCKED). */
  @IsOptional() @IsInt() @Min(1) @Max(5_000) batchSize?: number;
  /**
   * Longest wait between two looks at the table when nothing wakes the relay (a commit in this process or,
   * through Redis, in another one), and the ceiling of its backoff while Redis is unreachable, ms.
   */
  @IsOptional() @IsInt() @Min(50) @Max(600_000) maxPollMs?: number;
  /**
   * A row relayed this long ago and still not settled (HubSpot accepted or dead-lettered it) is relayed again:
   * Redis lost it (AOF `everysec` drops up to a second of writes). A Redis restarted empty is noticed at once.
   */
  @IsOptional() @IsInt() @Min(1_000) @Max(86_400_000) redeliverAfterMs?: number;
}
