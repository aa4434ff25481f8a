/** A HubSpot-shaped error thrown by handlers and rendered by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(correlationId: string): Record<string, unknown> {
    return { status: 'error', message: this.message, correlationId, category: this.category, ...this.extra };
  }
}

/** A fully custom JSON body (OAuth endpoints answer in their own shape). */
export class RawApiError extends Error {
  constructor(
    readonly status: number,
    readonly payload: (correlationId: string) => Record<string, unknown>,
  ) {
    super('raw api error');
  }
}

export interface PropertyValidationError {
  isValid: false;
  message: string;
  error: string;
  name: string;
  localizedErrorMessage?: string;
}

export function validationError(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, 'VALIDATION_ERROR', message, extra);
}

export function propertyValuesError(errors: PropertyValidationError[]): ApiError {
  return validationError(`Property values were not valid: ${JSON.stringify(errors)}`);
}

export function notFound(message = 'resource not found', extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(404, 'OBJECT_NOT_FOUND', message, extra);
}

export function conflict(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(409, 'CONFLICT', message, extra);
}

export function badBody(message = 'Invalid input JSON on line 1, column 1'): ApiError {
  return validationError(message);
}

export const INVALID_AUTH_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';
