import { OAuthPortalStatus } from '../../auth/oauth/hubspot-oauth-token.entity';
import { OptionalIn } from './admin-fields.decorators';

const STATUSES: OAuthPortalStatus[] = ['active', 'needs_reinstall'];

export class ListPortalsQueryDto {
  @OptionalIn(STATUSES) status?: OAuthPortalStatus;
}
