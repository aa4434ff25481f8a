import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { TypeORMError } from 'typeorm';
import { databaseErrorSummary } from '../model/database-error-summary';

interface HttpResponseLike {
  status(code: number): { json?(body: unknown): unknown; send?(body: unknown): unknown };
}

interface HttpRequestLike {
  method?: string;
  url?: string;
}

/**
 * Answers a database failure on the module's routes with a plain 500 and logs only the error's class and
 * driver code. Nest's default handler would log the driver message, which quotes the SQL near the failure
 * (and with it what the caller sent); TypeORM's error also carries the query and its parameters.
 */
@Catch(TypeORMError)
export class DatabaseErrorFilter implements ExceptionFilter<TypeORMError> {
  private readonly logger = new Logger('HubspotDatabase');

  catch(error: TypeORMError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<HttpRequestLike>();
    const route = `${req.method ?? ''} ${(req.url ?? '').split('?')[0]}`.trim();
    this.logger.error(`${route}: ${databaseErrorSummary(error)}`);
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    const body = {
      statusCode: status,
      error: 'DatabaseError',
      message: 'A database error occurred; see the server log',
    };
    const reply = http.getResponse<HttpResponseLike>().status(status);
    if (reply.json) reply.json(body);
    else reply.send?.(body);
  }
}
