import { ValidationError } from 'class-validator';
import { closestName, declaredOptionNames } from './did-you-mean';

/**
 * class-validator's errors as one line per problem, each with the option's path (`sync.batchSize: ...`). An
 * unknown option name gets the closest declared one as a suggestion; `extraNames` are names that are valid
 * only next to the options (e.g. `isGlobal` beside `useFactory`).
 */
export function validationProblems(
  errors: ValidationError[],
  prefix = '',
  extraNames: string[] = [],
): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, msg]) => {
      const line = msg.startsWith(path) ? msg : `${path}: ${msg}`;
      return constraint === 'whitelistValidation' ? line + hint(e, prefix ? [] : extraNames) : line;
    });
    return [...own, ...validationProblems(e.children ?? [], path)];
  });
}

function hint(error: ValidationError, extraNames: string[]): string {
  if (extraNames.includes(error.property)) {
    return ` (${error.property} is a module extra: pass it next to useFactory/inject, not in the options)`;
  }
  const known = error.target ? declaredOptionNames(error.target) : [];
  const suggestion = closestName(error.property, [...known, ...extraNames]);
  return suggestion ? ` (did you mean '${suggestion}'?)` : ` (known: ${known.join(', ')})`;
}
