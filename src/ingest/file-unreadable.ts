import { EstatesError } from '../errors.js';

/**
 * A file that cannot be read at all (not CSV/XLSX/GeoJSON, no header, a required column missing, a zip bomb).
 * Thrown before or instead of any row outcome, with a message the uploader can act on; bad rows are never this.
 */
export class FileUnreadable extends EstatesError {
  constructor(message: string, options?: ErrorOptions) {
    super('bad_input', message, options);
    this.name = 'FileUnreadable';
  }
}
