import { ApiProperty } from '../openapi.decorators';
import { PortalOutboxDto } from './portal-queue.dto';

export class OutboxRelayStateDto {
  @ApiProperty({ description: 'this process relays (outbox.relay)' }) running!: boolean;
  @ApiProperty({ description: 'Redis unreachable: the relay backs off, writes keep landing in the table' })
  paused!: boolean;
  @ApiProperty({ description: 'rows this process relayed since boot' }) relayedRows!: number;
}

/** The outbox table as a whole and this process's relay (GET <adminPath>/outbox). */
export class OutboxStatusDto extends PortalOutboxDto {
  @ApiProperty({ type: OutboxRelayStateDto }) relay!: OutboxRelayStateDto;
}
