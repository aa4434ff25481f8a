/** The parts of an Express request and response the console uses (Express is the console's platform). */
export interface ConsoleRequest {
  method: string;
  url: string;
  originalUrl?: string;
  baseUrl?: string;
  secure?: boolean;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  /** Set by ConsoleSessionGuard once the session is known. */
  consoleSession?: import('./console-session.store').ConsoleSession;
}

export interface ConsoleResponse {
  status(code: number): ConsoleResponse;
  setHeader(name: string, value: string | string[]): unknown;
  getHeader(name: string): unknown;
  send(body: string | Buffer): unknown;
  redirect(status: number, url: string): unknown;
  end(): unknown;
}
