import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Role } from '../domain/roles.js';
import type { FileReading } from '../ingest/outcome.js';

/**
 * Kysely's view of the schema in migrations/. pg returns bigint and numeric as strings:
 * row types say so, and the query modules parse them (parsePence, parseDecimal).
 */
type Numeric = ColumnType<string, number | string, number | string>;
type NullableNumeric = ColumnType<string | null, number | string | null, number | string | null>;
type Pence = ColumnType<string, number | bigint | string, number | bigint | string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
/** Geometry columns are written with SQL (ST_…) and read with ST_AsGeoJSON, never as raw EWKB. */
type Geometry = ColumnType<string, never, never>;
type NullableGeometry = ColumnType<string | null, never, never>;

export interface BoroughsTable {
  gss_code: string;
  name: string;
  sub_region: string;
  inner_london: boolean;
  geom: Geometry;
  source: string;
  loaded_at: Generated<Date>;
}

export interface PostcodesTable {
  postcode_key: string;
  postcode: string;
  geom: Geometry;
  local_authority_code: string | null;
}

export interface OdsOrganisationsTable {
  ods_code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  postcode: string | null;
  open_date: ColumnType<Date | null, string | null, string | null>;
  close_date: ColumnType<Date | null, string | null, string | null>;
  status: string | null;
}

export interface PopulationAreasTable {
  code: string;
  name: string | null;
  residents: number;
  geom: Geometry;
  centroid: Geometry;
}

export interface StationsTable {
  code: string;
  name: string;
  geom: Geometry;
}

export type UploadStatus = 'queued' | 'ingesting' | 'ingested' | 'failed';

export interface UploadsTable {
  id: Generated<number>;
  source: string;
  filename: string;
  sha256: string;
  size_bytes: number;
  raw: Buffer;
  options: Json<Record<string, unknown>>;
  uploaded_by: string;
  /** The uploader's organisation (migration 0450); null for uploads made without one. */
  org_code: ColumnType<string | null, string | null | undefined, string | null>;
  status: ColumnType<UploadStatus, UploadStatus | undefined, UploadStatus>;
  rows_read: Generated<number>;
  rows_accepted: Generated<number>;
  rows_rejected: Generated<number>;
  rows_committed: Generated<number>;
  estate_version: number | null;
  error: string | null;
  /** How the worker read the file (src/ingest FileReading); null until it has. */
  read_as: ColumnType<FileReading | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface UploadRejectionsTable {
  upload_id: number;
  row_number: number;
  raw: Json<Record<string, string>>;
  problems: Json<Array<{ field: string; code: string; message: string }>>;
}

export interface SitesTable {
  id: Generated<number>;
  source: string;
  source_ref: string;
  name: string | null;
  address: string | null;
  postcode: string | null;
  borough_gss: string | null;
  sub_region: string | null;
  placed_by: string;
  tenure: string | null;
  site_area_ha: NullableNumeric;
  gia_m2: NullableNumeric;
  geom: Geometry;
  boundary: NullableGeometry;
  record: Json<Record<string, unknown>>;
  record_sha256: string;
  data_version: Generated<number>;
  first_upload_id: number;
  last_upload_id: number;
  updated_at: Generated<Date>;
  /** The owning organisation (migration 0450). */
  org_code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SiteHistoryTable {
  site_id: number;
  upload_id: number;
  data_version: number;
  record: Json<Record<string, unknown>>;
}

export interface SurveyBlocksTable {
  id: Generated<number>;
  site_ref: string;
  block: string;
  survey_date: ColumnType<Date, string, string>;
  record: Json<Record<string, unknown>>;
  upload_id: number;
}

export interface SiteBoundariesTable {
  site_ref: string;
  geom: Geometry;
  upload_id: number;
}

export interface EricTrustAggregatesTable {
  upload_id: number;
  trust_code: string;
  record: Json<Record<string, unknown>>;
}

export interface EstateStateTable {
  id: Generated<boolean>;
  version: number;
}

export interface AssumptionSetsTable {
  id: string;
  kind: 'scoring' | 'valuation' | 'workflow';
  effective_from: ColumnType<Date, string, string>;
  body: Json<Record<string, unknown>>;
  loaded_at: Generated<Date>;
}

export interface ScoreRunsTable {
  id: Generated<number>;
  estate_version: number;
  model_version: string;
  sites_scored: number;
  computed_at: Generated<Date>;
  /** Digest of what the run was computed from (migration 0340); null for runs made before. */
  inputs_sha256: string | null;
}

export interface SiteScoresTable {
  score_run_id: number;
  site_id: number;
  site_data_version: number;
  condition_class: string;
  condition_score: NullableNumeric;
  surplus_score: Numeric;
  condition: Json<Record<string, unknown>>;
  surplus: Json<Record<string, unknown>>;
  /** The site's top reasons, worked out when it was scored (migration 0360); null for older runs. */
  top_reasons: Json<string[]> | null;
}

export interface ValuationsTable {
  id: Generated<number>;
  site_id: number;
  site_data_version: number;
  condition_class: string;
  assumption_set_id: string;
  model_version: string;
  homes: number;
  euv_pence: Pence;
  residual_pence: Pence;
  market_value_pence: Pence;
  net_receipt_pence: Pence;
  working: Json<Record<string, unknown>>;
  computed_at: Generated<Date>;
}

export interface ValueRunsTable {
  id: Generated<number>;
  estate_version: number;
  assumption_set_id: string;
  sites_valued: number;
  computed_at: Generated<Date>;
}

export interface RankRunsTable {
  id: Generated<number>;
  estate_version: number;
  score_run_id: number;
  model_version: string;
  computed_at: Generated<Date>;
}

export interface RankedSitesTable {
  rank_run_id: number;
  site_id: number;
  rank: number;
  priority: Numeric;
  route: string;
  reasons: Json<string[]>;
  /** Copied from the site and its score at ranking time, so the list filters on an index. */
  borough_gss: string | null;
  sub_region: string | null;
  condition_class: string | null;
  surplus_score: NullableNumeric;
}

export interface OutboxTable {
  id: Generated<string>;
  job_name: string;
  job_id: string;
  payload: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  delivered_at: NullableTimestamp;
}

export interface CasesTable {
  id: Generated<number>;
  site_id: number;
  stage: string;
  version: Generated<number>;
  opened_at: Generated<Date>;
  closed_at: NullableTimestamp;
  head_sequence: Generated<number>;
  head_hash: string | null;
  /** The organisation that owns the case's site (migration 0450). */
  org_code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface BoardMeetingsTable {
  id: string;
  held_on: ColumnType<Date, string, string>;
  created_at: Generated<Date>;
}

export interface EscalationsTable {
  key: string;
  case_id: number;
  stage: string;
  entered_at: Timestamp;
  deadline: ColumnType<Date, string, string>;
  working_days_overdue: number;
  stall_reason: Json<Record<string, unknown> | null>;
  raised_on: ColumnType<Date, string, string>;
  raised_at: Generated<Date>;
}

export interface CaseEventsTable {
  case_id: number;
  sequence: number;
  kind: string;
  actor: string;
  role: string;
  occurred_at: Timestamp;
  from_stage: string | null;
  to_stage: string | null;
  reason: string | null;
  payload: Json<Record<string, unknown>>;
  previous_hash: string | null;
  hash: string;
}

export interface CaseDocumentsTable {
  case_id: number;
  sha256: string;
  filename: string;
  size_bytes: number;
  bytes: Buffer;
  stored_by: string;
  stored_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  role: Role;
  /** null for a user who signs in through the identity provider only. */
  password_hash: string | null;
  created_at: Generated<Date>;
  disabled_at: NullableTimestamp;
  password_changed_at: NullableTimestamp;
  /** The organisation the user works for (migration 0450). */
  org_code: ColumnType<string | null, string | null | undefined, string | null>;
  oidc_issuer: string | null;
  oidc_subject: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  token_sha256: string;
  user_id: number;
  label: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface SessionsTable {
  session_sha256: string;
  user_id: number;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  signed_in_with: Generated<'password' | 'oidc'>;
}

export interface OrganisationsTable {
  code: string;
  name: string;
  kind: string;
  created_at: Generated<Date>;
}

export interface Database {
  organisations: OrganisationsTable;
  boroughs: BoroughsTable;
  postcodes: PostcodesTable;
  ods_organisations: OdsOrganisationsTable;
  population_areas: PopulationAreasTable;
  stations: StationsTable;
  uploads: UploadsTable;
  upload_rejections: UploadRejectionsTable;
  sites: SitesTable;
  site_history: SiteHistoryTable;
  survey_blocks: SurveyBlocksTable;
  site_boundaries: SiteBoundariesTable;
  eric_trust_aggregates: EricTrustAggregatesTable;
  estate_state: EstateStateTable;
  assumption_sets: AssumptionSetsTable;
  score_runs: ScoreRunsTable;
  site_scores: SiteScoresTable;
  valuations: ValuationsTable;
  value_runs: ValueRunsTable;
  rank_runs: RankRunsTable;
  ranked_sites: RankedSitesTable;
  outbox: OutboxTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_documents: CaseDocumentsTable;
  board_meetings: BoardMeetingsTable;
  escalations: EscalationsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
}

export type Upload = Selectable<UploadsTable>;
export type Site = Selectable<SitesTable>;
