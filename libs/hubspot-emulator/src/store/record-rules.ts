import { ApiError, propertyValuesError, PropertyValidationError } from '../http/api-error';
import { WriteScope } from './object-writer';
import { PIPELINE_PROPERTIES } from './pipeline-store';
import { PropertyValues, StoredObject } from './type-store';

/** Properties HubSpot requires when an engagement is created (all API versions). */
export const ENGAGEMENT_REQUIRED: Readonly<Record<string, string[]>> = {
  '0-46': ['hs_timestamp'],
  '0-49': ['hs_timestamp', 'hs_email_direction'],
  '0-48': ['hs_timestamp'],
  '0-47': ['hs_timestamp'],
  '0-27': ['hs_timestamp'],
};

export interface RuleOptions {
  /** A create (or the create branch of an upsert); updates pass false. */
  creating: boolean;
  /** Enforce the portal's admin write-validation rules (2026-09 paths only). */
  writeValidation: boolean;
}

const isSet = (v: string | undefined): boolean => v !== undefined && v !== '';

/**
 * Checks a write against the rules that go beyond single property values; throws HubSpot's 400.
 * `values` are the validated input values ('' = clear); `existing` is the record before an update.
 */
export function checkRecordRules(
  scope: WriteScope,
  values: PropertyValues,
  existing: StoredObject | undefined,
  opts: RuleOptions,
): void {
  const type = scope.type;
  const after = (name: string): string | undefined =>
    name in values ? values[name] : existing?.properties[name];
  if (opts.creating) {
    const missing = (ENGAGEMENT_REQUIRED[type.objectTypeId] ?? []).filter((n) => !isSet(values[n]));
    if (missing.length > 0) {
      throw new ApiError(
        400,
        'VALIDATION_ERROR',
        `Error creating ${type.label}.  Some required properties were not set.`,
        {
          context: { properties: missing },
        },
      );
    }
  }
  const stageErrors = pipelineErrors(scope, values, after);
  if (stageErrors.length > 0) throw propertyValuesError(stageErrors);
  if (opts.writeValidation) checkWriteValidation(scope, values, after, opts.creating);
}

/** A record's stage must be one of its pipeline's stages (the default pipeline when none is set). */
function pipelineErrors(
  scope: WriteScope,
  values: PropertyValues,
  after: (name: string) => string | undefined,
): PropertyValidationError[] {
  const props = PIPELINE_PROPERTIES[scope.type.objectTypeId];
  if (!props) return [];
  if (!(props.stage in values) && !(props.pipeline in values)) return [];
  const stage = after(props.stage);
  if (!isSet(stage)) return [];
  const pipelineId = isSet(after(props.pipeline)) ? after(props.pipeline)! : props.defaultId;
  const pipeline = scope.portal.data.pipelines.get(scope.type.objectTypeId, pipelineId);
  if (!pipeline) return []; // an unknown pipeline id is already an INVALID_OPTION of its own property
  if (pipeline.stages.some((s) => s.id === stage)) return [];
  const message = `${stage} is not a valid stage of pipeline ${pipelineId}; allowed: ${pipeline.stages
    .map((s) => s.id)
    .join(', ')}`;
  return [
    { isValid: false, message, error: 'INVALID_OPTION', name: props.stage, localizedErrorMessage: message },
  ];
}

/** 2026-09: required-on-create and conditionally required properties set up by an admin. */
function checkWriteValidation(
  scope: WriteScope,
  values: PropertyValues,
  after: (name: string) => string | undefined,
  creating: boolean,
): void {
  const rules = scope.portal.writeValidation;
  const data = scope.portal.data;
  const typeId = scope.type.objectTypeId;
  const appliesTo = (name: string): boolean => data.resolveType(name)?.objectTypeId === typeId;
  const errors: Array<{ message: string; code: string; context: Record<string, string[]> }> = [];
  if (creating) {
    for (const [typeName, names] of Object.entries(rules.requiredOnCreate ?? {})) {
      if (!appliesTo(typeName)) continue;
      for (const name of names) {
        if (isSet(values[name])) continue;
        errors.push({
          message: `Property "${name}" is required when creating a ${scope.type.singular}.`,
          code: 'MISSING_REQUIRED_PROPERTY',
          context: { propertyName: [name] },
        });
      }
    }
  }
  for (const rule of rules.conditionalRequired ?? []) {
    if (!appliesTo(rule.objectType)) continue;
    if (after(rule.when.property) !== rule.when.value || isSet(after(rule.property))) continue;
    errors.push({
      message: `Property "${rule.property}" is required when "${rule.when.property}" is "${rule.when.value}".`,
      code: 'MISSING_CONDITIONAL_REQUIRED_PROPERTY',
      context: { propertyName: [rule.property], [rule.when.property]: [rule.when.value] },
    });
  }
  if (errors.length === 0) return;
  const verb = creating ? 'creating' : 'updating';
  throw new ApiError(
    400,
    'VALIDATION_ERROR',
    `Error ${verb} ${scope.type.label}.  Some required properties were not set.`,
    { context: { properties: [...new Set(errors.map((e) => e.context.propertyName[0]))] }, errors },
  );
}
