import type { Migration } from 'kysely';
import * as m0001 from './0001_enable_postgis.js';
import * as m0002 from './0002_reference_geography.js';
import * as m0003 from './0003_uploads_and_sites.js';
import * as m0004 from './0004_scores_values_ranks.js';
import * as m0005 from './0005_outbox_cases_users.js';
import * as m0200 from './0200_workflow.js';
import * as m0300 from './0300_bench_land_indexes.js';
import * as m0301 from './0301_ranked_filters.js';
import * as m0310 from './0310_cases_version.js';
import * as m0320 from './0320_score_explanations_lz4.js';
import * as m0330 from './0330_site_history_superseded.js';
import * as m0340 from './0340_score_inputs.js';
import * as m0350 from './0350_credentials_version.js';
import * as m0360 from './0360_score_reasons.js';
import * as m0370 from './0370_sites_bulk_writes.js';
import * as m0380 from './0380_uploads_raw_lz4.js';
import * as m0390 from './0390_sites_boundary_index_partial.js';
import * as m0400 from './0400_sites_borough_index_dropped.js';
import * as m0410 from './0410_uploads_read_as.js';
import * as m0420 from './0420_london_extent.js';
import * as m0430 from './0430_account_lifecycle.js';
import * as m0440 from './0440_case_documents.js';
import * as m0450 from './0450_organisations.js';
import * as m0460 from './0460_uploads_keyed_by_options.js';
import * as m0470 from './0470_gp_practices_occupying_sites.js';
import * as m0480 from './0480_oidc_identities.js';
import * as m0490 from './0490_sites_outline_area.js';
import * as m0500 from './0500_upload_rejection_counts.js';
import * as m0510 from './0510_row_level_security.js';
import * as m0520 from './0520_access_log.js';

/**
 * Every migration, by name, in order. Listed statically (not read from the folder) so they
 * load the same way under tsx, vitest and a bundler; a new migration is one more line here.
 */
export const migrations: Record<string, Migration> = {
  '0001_enable_postgis': m0001,
  '0002_reference_geography': m0002,
  '0003_uploads_and_sites': m0003,
  '0004_scores_values_ranks': m0004,
  '0005_outbox_cases_users': m0005,
  '0200_workflow': m0200,
  '0300_bench_land_indexes': m0300,
  '0301_ranked_filters': m0301,
  '0310_cases_version': m0310,
  '0320_score_explanations_lz4': m0320,
  '0330_site_history_superseded': m0330,
  '0340_score_inputs': m0340,
  '0350_credentials_version': m0350,
  '0360_score_reasons': m0360,
  '0370_sites_bulk_writes': m0370,
  '0380_uploads_raw_lz4': m0380,
  '0390_sites_boundary_index_partial': m0390,
  '0400_sites_borough_index_dropped': m0400,
  '0410_uploads_read_as': m0410,
  '0420_london_extent': m0420,
  '0430_account_lifecycle': m0430,
  '0440_case_documents': m0440,
  '0450_organisations': m0450,
  '0460_uploads_keyed_by_options': m0460,
  '0470_gp_practices_occupying_sites': m0470,
  '0480_oidc_identities': m0480,
  '0490_sites_outline_area': m0490,
  '0500_upload_rejection_counts': m0500,
  '0510_row_level_security': m0510,
  '0520_access_log': m0520,
};
