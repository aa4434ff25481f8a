/** No sync run with this id. */
export class RunNotFoundError extends Error {
  constructor(readonly runId: number) {
    super(`Run ${runId} does not exist`);
    this.name = 'RunNotFoundError';
  }
}

/** The run (or another unfinished run of the portal) is in a state that does not allow what was asked. */
export class RunConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunConflictError';
  }
}

/** A run needs a host source (ContactSource, CompanySource) that no provider implements. */
export class SourceMissingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'SourceMissingError';
  }
}
