import { PipelineInput } from '../emulator.options';

export interface StoredStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
}

export interface StoredPipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: StoredStage[];
  createdAt: number;
  updatedAt: number;
}

const closed = (probability: string, isClosed: boolean) => ({ probability, isClosed: String(isClosed) });

/** HubSpot's default deal pipeline ("Sales Pipeline", id `default`). */
export const DEFAULT_DEAL_PIPELINE: PipelineInput = {
  id: 'default',
  label: 'Sales Pipeline',
  displayOrder: 0,
  stages: [
    { id: 'appointmentscheduled', label: 'Appointment Scheduled', metadata: closed('0.2', false) },
    { id: 'qualifiedtobuy', label: 'Qualified To Buy', metadata: closed('0.4', false) },
    { id: 'presentationscheduled', label: 'Presentation Scheduled', metadata: closed('0.6', false) },
    { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', metadata: closed('0.8', false) },
    { id: 'contractsent', label: 'Contract Sent', metadata: closed('0.9', false) },
    { id: 'closedwon', label: 'Closed Won', metadata: closed('1.0', true) },
    { id: 'closedlost', label: 'Closed Lost', metadata: closed('0.0', true) },
  ],
};

/** HubSpot's default ticket pipeline ("Support Pipeline", id `0`). */
export const DEFAULT_TICKET_PIPELINE: PipelineInput = {
  id: '0',
  label: 'Support Pipeline',
  displayOrder: 0,
  stages: [
    { id: '1', label: 'New', metadata: { ticketState: 'OPEN' } },
    { id: '2', label: 'Waiting on contact', metadata: { ticketState: 'OPEN' } },
    { id: '3', label: 'Waiting on us', metadata: { ticketState: 'OPEN' } },
    { id: '4', label: 'Closed', metadata: { ticketState: 'CLOSED' } },
  ],
};

/** Object types with pipelines, and the properties that hold a record's pipeline and stage. */
export const PIPELINE_PROPERTIES: Readonly<
  Record<string, { pipeline: string; stage: string; defaultId: string }>
> = {
  '0-3': { pipeline: 'pipeline', stage: 'dealstage', defaultId: 'default' },
  '0-5': { pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage', defaultId: '0' },
};

const CREATED = Date.UTC(2019, 7, 6, 2, 43, 1);

/** Pipelines and stages per object type of one portal. */
export class PipelineStore {
  private readonly byType = new Map<string, Map<string, StoredPipeline>>();

  constructor() {
    this.upsert('0-3', DEFAULT_DEAL_PIPELINE, CREATED);
    this.upsert('0-5', DEFAULT_TICKET_PIPELINE, CREATED);
  }

  supports(objectTypeId: string): boolean {
    return PIPELINE_PROPERTIES[objectTypeId] !== undefined;
  }

  upsert(objectTypeId: string, input: PipelineInput, now: number): StoredPipeline {
    if (!this.supports(objectTypeId)) throw new Error(`object type ${objectTypeId} has no pipelines`);
    if (!input?.id || !Array.isArray(input.stages) || input.stages.length === 0)
      throw new Error('a pipeline needs an id and at least one stage');
    const pipelines = this.byType.get(objectTypeId) ?? new Map<string, StoredPipeline>();
    const existing = pipelines.get(input.id);
    const pipeline: StoredPipeline = {
      id: String(input.id),
      label: input.label ?? input.id,
      displayOrder: input.displayOrder ?? existing?.displayOrder ?? pipelines.size,
      stages: input.stages.map((s, i) => {
        if (!s?.id) throw new Error('every stage needs an id');
        return {
          id: String(s.id),
          label: s.label ?? s.id,
          displayOrder: s.displayOrder ?? i,
          metadata: { ...(s.metadata ?? {}) },
        };
      }),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    pipelines.set(pipeline.id, pipeline);
    this.byType.set(objectTypeId, pipelines);
    return pipeline;
  }

  list(objectTypeId: string): StoredPipeline[] {
    return [...(this.byType.get(objectTypeId)?.values() ?? [])].sort(
      (a, b) => a.displayOrder - b.displayOrder,
    );
  }

  get(objectTypeId: string, pipelineId: string): StoredPipeline | undefined {
    return this.byType.get(objectTypeId)?.get(pipelineId);
  }
}

export function toApiStage(s: StoredStage, p: StoredPipeline): Record<string, unknown> {
  const iso = new Date(p.createdAt).toISOString();
  return {
    id: s.id,
    label: s.label,
    displayOrder: s.displayOrder,
    metadata: s.metadata,
    createdAt: iso,
    updatedAt: new Date(p.updatedAt).toISOString(),
    archived: false,
    writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
  };
}

export function toApiPipeline(p: StoredPipeline): Record<string, unknown> {
  return {
    id: p.id,
    label: p.label,
    displayOrder: p.displayOrder,
    stages: p.stages.map((s) => toApiStage(s, p)),
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
    archived: false,
  };
}
