import { optionalPeer } from '../config/optional-peer';

/** The options the admin API passes to @nestjs/swagger's decorators (kept loose: swagger is optional). */
export type ApiOptions = Record<string, unknown>;

type Decorator = ClassDecorator & MethodDecorator & PropertyDecorator;
type DecoratorFactory = (...args: unknown[]) => Decorator;

const swagger = optionalPeer<Record<string, DecoratorFactory>>('@nestjs/swagger');

/** True when @nestjs/swagger is installed: the admin API then carries its OpenAPI description. */
export const openApiAvailable = swagger !== undefined;

const noop: Decorator = () => undefined;

/** swagger's decorator of that name when swagger is installed, else one that does nothing. */
function fromSwagger(name: string): DecoratorFactory {
  return (...args) => (swagger ? swagger[name](...args) : noop);
}

export const ApiProperty = fromSwagger('ApiProperty') as (options?: ApiOptions) => PropertyDecorator;
export const ApiPropertyOptional = fromSwagger('ApiPropertyOptional') as (
  options?: ApiOptions,
) => PropertyDecorator;
export const ApiTags = fromSwagger('ApiTags') as (...tags: string[]) => ClassDecorator & MethodDecorator;
export const ApiBearerAuth = fromSwagger('ApiBearerAuth') as (
  name?: string,
) => ClassDecorator & MethodDecorator;
export const ApiOperation = fromSwagger('ApiOperation') as (options: ApiOptions) => MethodDecorator;

type ResponseDecorator = (options?: ApiOptions) => ClassDecorator & MethodDecorator;
export const ApiOkResponse = fromSwagger('ApiOkResponse') as ResponseDecorator;
export const ApiAcceptedResponse = fromSwagger('ApiAcceptedResponse') as ResponseDecorator;
export const ApiBadRequestResponse = fromSwagger('ApiBadRequestResponse') as ResponseDecorator;
export const ApiUnauthorizedResponse = fromSwagger('ApiUnauthorizedResponse') as ResponseDecorator;
export const ApiNotFoundResponse = fromSwagger('ApiNotFoundResponse') as ResponseDecorator;
export const ApiConflictResponse = fromSwagger('ApiConflictResponse') as ResponseDecorator;
export const ApiExcludeController = fromSwagger('ApiExcludeController') as (
  disable?: boolean,
) => ClassDecorator;
export const ApiParam = fromSwagger('ApiParam') as (options: ApiOptions) => MethodDecorator;
export const ApiQuery = fromSwagger('ApiQuery') as (options: ApiOptions) => MethodDecorator;
export const ApiBody = fromSwagger('ApiBody') as (options: ApiOptions) => MethodDecorator;
