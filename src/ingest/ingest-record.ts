import type { SiteRecord, SurveyBlockRecord, UploadSource } from '../domain/records.js';
import { readBoundaries, type SiteBoundary } from './boundaries.js';
import { chpSource } from './chp.js';
import { ericSource, type EricRow } from './eric.js';
import { nhspsSource } from './nhsps.js';
import type { ReadOptions, RowOutcome, UploadReadOptions } from './outcome.js';
import { surveySource } from './survey.js';
import { readTabular, type TabularSource } from './tabular.js';

/**
 * What an accepted upload row is, said by a tag the adapter sets, so the ingest job sorts a batch by
 * `kind` instead of guessing from which properties a record has. ERIC rows already carry their tag.
 */
export type IngestRecord =
  | { kind: 'site'; site: SiteRecord }
  | Extract<EricRow, { kind: 'trust-aggregate' }>
  | { kind: 'survey-block'; block: SurveyBlockRecord }
  | { kind: 'boundary'; boundary: SiteBoundary };

const asSite = (site: SiteRecord): IngestRecord => ({ kind: 'site', site });
const asSurveyBlock = (block: SurveyBlockRecord): IngestRecord => ({ kind: 'survey-block', block });

/** The source's converter with its record tagged: one call per row, no extra async layer over the file. */
function tagged<F extends string, R>(
  source: TabularSource<F, R>,
  tag: (record: R) => IngestRecord,
): TabularSource<F, IngestRecord> {
  return {
    ...source,
    converter: () => {
      const convert = source.converter();
      return (fields, row) => tag(convert(fields, row));
    },
  };
}

async function* taggedBoundaries(bytes: Uint8Array, options: ReadOptions): AsyncGenerator<RowOutcome<IngestRecord>> {
  for await (const outcome of readBoundaries(bytes, options))
    yield outcome.kind === 'accepted'
      ? { ...outcome, record: { kind: 'boundary', boundary: outcome.record } }
      : outcome;
}

const ingestReaders: {
  [S in UploadSource]: (bytes: Uint8Array, options: ReadOptions) => AsyncIterable<RowOutcome<IngestRecord>>;
} = {
  nhsps: (bytes, options) => readTabular(bytes, options, tagged(nhspsSource, asSite)),
  chp: (bytes, options) => readTabular(bytes, options, tagged(chpSource, asSite)),
  eric: (bytes, options) =>
    readTabular(
      bytes,
      options,
      tagged(ericSource, (row): IngestRecord => row),
    ),
  survey: (bytes, options) => readTabular(bytes, options, tagged(surveySource, asSurveyBlock)),
  boundaries: taggedBoundaries,
};

/** An upload's rows as the ingest job stores them, whatever the source, in file order. */
export function readIngestRecords(
  source: UploadSource,
  bytes: Uint8Array,
  options: UploadReadOptions,
): AsyncIterable<RowOutcome<IngestRecord>> {
  return ingestReaders[source](bytes, options);
}
