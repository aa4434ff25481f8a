import { BadRequestException, createParamDecorator, ExecutionContext, Type } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from './openapi.decorators';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { StrictIntPipe } from './strict-int.pipe';

type Source = 'query' | 'body';

/** Largest id of the module's INT UNSIGNED keys (runs, dead letters). */
export const UNSIGNED_INT_MAX = 4_294_967_295;

interface RawRequest {
  query?: unknown;
  body?: unknown;
  params?: Record<string, unknown>;
}

/**
 * Validates the raw query or body against `type` inside the parameter's own factory, which runs before any
 * pipe: a host's global ValidationPipe (whitelist, transform) cannot strip an unknown field or convert a
 * lax number before the module has refused it.
 */
const ValidatedInput = createParamDecorator((spec: { source: Source; type: Type }, ctx: ExecutionContext) => {
  const raw = ctx.switchToHttp().getRequest<RawRequest>()[spec.source];
  return validateAdminInput(spec.type, raw ?? {}, spec.source);
});

const RawParam = createParamDecorator(
  (name: string, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<RawRequest>().params?.[name],
);

/** The admin route's query string as its DTO (the parameter's declared class): strict, unknown keys refused. */
export function AdminQuery(): ParameterDecorator {
  return input('query');
}

/** The admin route's JSON body as its DTO (the parameter's declared class): strict, unknown keys refused. */
export function AdminBody(): ParameterDecorator {
  return input('body');
}

/** A numeric path id, parsed strictly and bounded (`max`: the column's largest value; `min`: 0 for portals). */
export function AdminIdParam(name = 'id', max = Number.MAX_SAFE_INTEGER, min = 1): ParameterDecorator {
  return (target, key, index) => {
    RawParam(name, new StrictIntPipe({ name, min, max }))(target, key, index);
    document(
      target,
      key,
      ApiParam({ name, type: 'integer', schema: { type: 'integer', minimum: min, maximum: max } }),
    );
  };
}

export function validateAdminInput<T extends object>(type: Type<T>, raw: unknown, source: Source): T {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadRequestException(
      `The ${source === 'body' ? 'body must be a JSON object' : 'query is malformed'}`,
    );
  }
  const instance = plainToInstance(type, raw);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new BadRequestException(messages(errors));
  return instance;
}

function input(source: Source): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) throw new Error('Admin inputs decorate method parameters');
    const type = (Reflect.getMetadata('design:paramtypes', target, key) as Type[] | undefined)?.[index];
    if (!type) throw new Error(`${String(key)}: parameter ${index} needs a DTO class type`);
    ValidatedInput({ source, type })(target, key, index);
    document(target, key, source === 'body' ? ApiBody({ type }) : ApiQuery({ type }));
  };
}

/** OpenAPI reads method metadata; the parameter decorator adds it to its method. */
function document(target: object, key: string | symbol | undefined, decorator: MethodDecorator): void {
  const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
  if (descriptor) decorator(target, key!, descriptor);
}

function messages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {});
    return [...own, ...messages(error.children ?? [], `${path}.`)];
  });
}
