import { notFound, validationError } from '../http/api-error';
import { ApiContext, json, RouteTable } from '../http/route-table';
import { StoredPipeline, toApiPipeline, toApiStage } from '../store/pipeline-store';
import { resolveType } from './route-helpers';

const BASES = ['/crm/v3/pipelines/:objectType', '/crm/pipelines/:version/:objectType'];
const at = (suffix: string): string[] => BASES.map((b) => `${b}${suffix}`);
const READ = { scopes: { family: 'pipelines', access: 'read' } } as const;

/** Pipelines API (read side): deal and ticket pipelines with their stages. */
export function registerPipelineRoutes(t: RouteTable): void {
  t.api('GET', at(''), (ctx) => json(200, { results: pipelinesOf(ctx).map(toApiPipeline) }), READ);
  t.api('GET', at('/:pipelineId'), (ctx) => json(200, toApiPipeline(find(ctx))), READ);
  t.api(
    'GET',
    at('/:pipelineId/stages'),
    (ctx) => {
      const p = find(ctx);
      return json(200, { results: p.stages.map((s) => toApiStage(s, p)) });
    },
    READ,
  );
  t.api(
    'GET',
    at('/:pipelineId/stages/:stageId'),
    (ctx) => {
      const p = find(ctx);
      const stage = p.stages.find((s) => s.id === ctx.params.stageId);
      if (!stage) throw notFound(`Unable to find stage ${ctx.params.stageId} in pipeline ${p.id}`);
      return json(200, toApiStage(stage, p));
    },
    READ,
  );
}

function pipelinesOf(ctx: ApiContext): StoredPipeline[] {
  const type = resolveType(ctx);
  if (!ctx.portal.data.pipelines.supports(type.objectTypeId))
    throw validationError(`Object type ${type.name} does not support pipelines`);
  return ctx.portal.data.pipelines.list(type.objectTypeId);
}

function find(ctx: ApiContext): StoredPipeline {
  pipelinesOf(ctx);
  const p = ctx.portal.data.pipelines.get(resolveType(ctx).objectTypeId, ctx.params.pipelineId);
  if (!p) throw notFound(`Unable to find pipeline ${ctx.params.pipelineId}`);
  return p;
}
