import type { UploadSource } from '../domain/records.js';
import { EstatesError } from '../errors.js';
import type { GeoJsonCrs } from './geojson-crs.js';

/**
 * What an uploader may say about a file beyond its bytes. They are part of the upload's identity
 * (bytes + source + options): the same file sent again with a new option is a new upload, so a
 * file refused for want of one can be retried with it at once.
 */
export interface UploadOptions {
  /** Boundaries: the CRS of a GeoJSON file that does not declare one. */
  crs?: GeoJsonCrs;
  /** Boundaries: the feature property holding the site reference. */
  referenceProperty?: string;
}

const OPTION_SOURCES: Record<keyof UploadOptions, readonly UploadSource[]> = {
  crs: ['boundaries'],
  referenceProperty: ['boundaries'],
};

/**
 * The options given, refused when the source does not read them: an option nothing reads would
 * still make the same file a new upload, and the uploader would think it had done something.
 */
export function checkUploadOptions(source: UploadSource, options: UploadOptions): UploadOptions {
  const checked: UploadOptions = {};
  for (const [name, value] of Object.entries(options) as Array<[keyof UploadOptions, string | undefined]>) {
    if (value === undefined || value === '') continue;
    if (!OPTION_SOURCES[name].includes(source))
      throw new EstatesError(
        'bad_input',
        `the option ${name} applies to ${OPTION_SOURCES[name].join(', ')} uploads only, not ${source}`,
      );
    Object.assign(checked, { [name]: value });
  }
  return checked;
}
