import type { FastifyInstance } from 'fastify';
import {
  BOARD_DECISIONS,
  CASE_STAGES,
  MEETING_ID,
  type BoardDecisionKind,
  type CaseStage,
} from '../../domain/case-events.js';
import { caseViewFor } from '../../domain/roles.js';
import type { TransitionRequest } from '../../domain/case-workflow.js';
import { STALL_REASON_CODES, type StallReason } from '../../domain/stall-reasons.js';
import { boardAgenda, recordBoardDecision } from '../../cases/board.js';
import { casePage, listCases } from '../../cases/case-page.js';
import { actOnCase, openCaseForSite } from '../../cases/case-record.js';
import { pipelineReport, portfolioForecast } from '../../cases/reports.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses, freeObject, idParams } from '../schemas.js';

/**
 * Disposal cases over HTTP. Officers open and move cases, the Board records its decisions,
 * housing sees a case's status only (no timeline: facts carry valuations). Every write names
 * the caller as the event's actor, in the caller's role; the domain judges it.
 */

const nullableString = { type: ['string', 'null'] } as const;
const isoDay = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const stallReasonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: { code: { type: 'string', enum: [...STALL_REASON_CODES] }, text: { type: 'string', maxLength: 2000 } },
} as const;
const reasonSchema = { type: 'string', minLength: 1, maxLength: 2000 } as const;

const statusProperties = {
  caseId: { type: 'integer' },
  siteId: { type: 'integer' },
  siteRef: { type: 'string' },
  siteName: nullableString,
  stage: { type: 'string', enum: [...CASE_STAGES] },
  openedAt: { type: 'string', format: 'date-time' },
  closedAt: { type: ['string', 'null'], format: 'date-time' },
} as const;

const caseListItem = {
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'siteId', 'siteRef', 'stage'],
  properties: { ...statusProperties, version: { type: 'integer' }, deadline: nullableString },
} as const;

const caseResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'siteId', 'siteRef', 'stage'],
  description: 'A case. Housing receives the status fields only.',
  properties: {
    ...statusProperties,
    version: { type: 'integer' },
    deadline: nullableString,
    forecast: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: {
        p50: { type: 'string' },
        p90: { type: 'string' },
        p50WorkingDays: { type: 'integer' },
        p90WorkingDays: { type: 'integer' },
      },
    },
    nextSteps: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          to: { type: 'string' },
          roles: { type: 'array', items: { type: 'string' } },
          guards: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          sequence: { type: 'integer' },
          kind: { type: 'string' },
          actor: { type: 'string' },
          role: { type: 'string' },
          occurredAt: { type: 'string' },
          fromStage: nullableString,
          toStage: nullableString,
          reason: { type: 'string' },
          payload: freeObject,
          hash: { type: 'string' },
        },
      },
    },
  },
} as const;

interface TransitionBody {
  to: CaseStage;
  reason: string;
  version: number;
  meetingId?: string;
  epimsReference?: string;
  firstRefusalWaiver?: string;
  stallReason?: StallReason;
  deferUntil?: string;
}

interface DecisionBody {
  caseId: number;
  meetingId: string;
  decision: BoardDecisionKind;
  reason: string;
  version?: number;
  stallReason?: StallReason;
  deferUntil?: string;
}

const years = { p10: { type: 'number' }, p50: { type: 'number' }, p90: { type: 'number' } } as const;

const forecastQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seed: { type: 'integer', minimum: 0, maximum: 4_294_967_295, default: 1 },
    draws: { type: 'integer', minimum: 1, maximum: 20_000, default: 1_000 },
  },
} as const;

export function caseRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  app.post<{ Body: { site: string | number; reason: string } }>(
    '/api/cases',
    {
      config: access('POST /api/cases'),
      schema: {
        summary: 'Open a case for a site on the ranked list (site id or source reference)',
        tags: ['cases'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['site', 'reason'],
          properties: { site: { type: ['integer', 'string'], minLength: 1, maxLength: 100 }, reason: reasonSchema },
        },
        response: { 201: caseResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const now = new Date();
      const loaded = await openCaseForSite(
        db,
        { site: request.body.site, actor: caller.name, role: caller.role, reason: request.body.reason },
        now,
      );
      return reply.status(201).send(await casePage(db, loaded.row.id, now, caller.role));
    },
  );

  app.get<{ Querystring: { open?: boolean } }>(
    '/api/cases',
    {
      config: access('GET /api/cases'),
      schema: {
        summary: 'Every case with its stage and current deadline',
        tags: ['cases'],
        querystring: { type: 'object', additionalProperties: false, properties: { open: { type: 'boolean' } } },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: { cases: { type: 'array', items: caseListItem } },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const role = callerOf(request).role;
      const cases = await listCases(db, { openOnly: request.query.open }, new Date());
      return { cases: cases.map((entry) => caseViewFor(role, entry)) };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/cases/:id',
    {
      config: access('GET /api/cases/:id'),
      schema: {
        summary: 'One case: timeline, next steps for your role, deadline, forecast P50/P90',
        tags: ['cases'],
        params: idParams,
        response: { 200: caseResponse, ...errorResponses },
      },
    },
    async (request) => {
      const role = callerOf(request).role;
      return caseViewFor(role, await casePage(db, request.params.id, new Date(), role));
    },
  );

  app.post<{ Params: { id: number }; Body: TransitionBody }>(
    '/api/cases/:id/transitions',
    {
      config: access('POST /api/cases/:id/transitions'),
      schema: {
        summary: 'Move a case; `version` is the version you saw (a stale one is refused with 409)',
        tags: ['cases'],
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['to', 'reason', 'version'],
          properties: {
            to: { type: 'string', enum: [...CASE_STAGES] },
            reason: reasonSchema,
            version: { type: 'integer', minimum: 0 },
            meetingId: { type: 'string', pattern: MEETING_ID.source },
            epimsReference: { type: 'string', minLength: 1, maxLength: 100 },
            firstRefusalWaiver: { type: 'string', minLength: 1, maxLength: 2000 },
            stallReason: stallReasonSchema,
            deferUntil: isoDay,
          },
        },
        response: { 200: caseResponse, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { to, reason, version, ...extra } = request.body;
      const transition: TransitionRequest = {
        kind: 'transition',
        to,
        reason,
        actor: caller.name,
        role: caller.role,
        ...extra,
      };
      const now = new Date();
      await actOnCase(db, request.params.id, transition, now, version);
      return casePage(db, request.params.id, now, caller.role);
    },
  );

  app.get<{ Querystring: { date: string; top: number } }>(
    '/api/board/agenda',
    {
      config: access('GET /api/board/agenda'),
      schema: {
        summary: "The Board's agenda for a meeting date: new candidates, cases awaiting a decision, overdue stages",
        tags: ['cases'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['date'],
          properties: { date: isoDay, top: { type: 'integer', minimum: 0, maximum: 1000, default: 10 } },
        },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: {
              meetingDate: { type: 'string' },
              newCandidates: { type: 'array', items: freeObject },
              awaitingDecision: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { caseId: { type: 'integer' }, siteId: { type: 'integer' }, since: nullableString },
                },
              },
              overdue: { type: 'array', items: freeObject },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      return boardAgenda(db, request.query.date, request.query.top);
    },
  );

  app.post<{ Body: DecisionBody }>(
    '/api/board/decisions',
    {
      config: access('POST /api/board/decisions'),
      schema: {
        summary: 'Record a Board decision on a case in board review',
        tags: ['cases'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['caseId', 'meetingId', 'decision', 'reason'],
          properties: {
            caseId: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
            meetingId: { type: 'string', pattern: MEETING_ID.source },
            decision: { type: 'string', enum: BOARD_DECISIONS },
            reason: reasonSchema,
            version: { type: 'integer', minimum: 0 },
            stallReason: stallReasonSchema,
            deferUntil: isoDay,
          },
        },
        response: { 200: caseResponse, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const now = new Date();
      const loaded = await recordBoardDecision(db, { ...request.body, actor: caller.name }, now);
      return casePage(db, loaded.row.id, now, caller.role);
    },
  );

  app.get<{ Querystring: { seed: number; draws: number } }>(
    '/api/forecast',
    {
      config: access('GET /api/forecast'),
      schema: {
        summary: 'When open cases should complete (P50/P90) and the portfolio against the 5–10 year baseline',
        tags: ['cases'],
        querystring: forecastQuery,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: {
              asOf: { type: 'string' },
              seed: { type: 'integer' },
              draws: { type: 'integer' },
              cases: { type: 'array', items: freeObject },
              surplusToSaleYears: { type: ['object', 'null'], additionalProperties: false, properties: years },
              surplusToSaleShareByYear: { type: 'array', items: { type: 'number' } },
              identificationToSaleYears: { type: ['object', 'null'], additionalProperties: false, properties: years },
              shareWithinFiveYears: { type: ['number', 'null'] },
              baselineYears: {
                type: 'object',
                additionalProperties: false,
                properties: { low: { type: 'integer' }, high: { type: 'integer' } },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const now = new Date();
      return {
        asOf: now.toISOString().slice(0, 10),
        seed: request.query.seed,
        draws: request.query.draws,
        ...(await portfolioForecast(db, now, request.query)),
      };
    },
  );

  app.get(
    '/api/pipeline',
    {
      config: access('GET /api/pipeline'),
      schema: {
        summary: 'Cases per stage, overdue stages, working days lost by stall reason',
        tags: ['cases'],
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: {
              asOf: { type: 'string' },
              stages: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { stage: { type: 'string' }, cases: { type: 'integer' } },
                },
              },
              openCases: { type: 'integer' },
              overdue: { type: 'array', items: freeObject },
              daysLost: { type: 'array', items: freeObject },
            },
          },
          ...errorResponses,
        },
      },
    },
    async () => pipelineReport(db, new Date()),
  );
}
