import { missingPropertyNames } from '../batch/row-errors';
import { portalLabel } from '../../model/portal-label';

/** A property HubSpot says does not exist, and how many open dead letters it holds up. */
export interface MissingProperty {
  portalId: number;
  objectType: string;
  name: string;
  deadLetters: number;
}

/** What to do about writes refused for missing properties (the dead letter's log line and health). */
export function missingPropertiesAdvice(portalId: number, objectType: string, names: string[]): string {
  const list = names.map((name) => `${objectType}.${name}`).join(', ');
  return (
    `${portalLabel(portalId)} has no property ${list}: declare it in objects.${objectType}.properties ` +
    '(the module creates it at boot) or create it in HubSpot, then replay the dead letters'
  );
}

/** Groups dead letters by the properties their messages say are missing. */
export function summariseMissingProperties(
  rows: Array<{ portalId: number; objectType: string; message: string }>,
): MissingProperty[] {
  const byKey = new Map<string, MissingProperty>();
  for (const row of rows) {
    for (const name of missingPropertyNames(row.message)) {
      const key = `${row.portalId}|${row.objectType}|${name}`;
      const entry = byKey.get(key) ?? {
        portalId: row.portalId,
        objectType: row.objectType,
        name,
        deadLetters: 0,
      };
      entry.deadLetters++;
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}
