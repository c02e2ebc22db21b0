// @ts-check
/**
 * The UI's only way to the data: same-origin fetches carrying the session cookie. Every
 * failure becomes an ApiError whose `advice` tells the user what to do next.
 */

export class ApiError extends Error {
  constructor(status, code, message, advice, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.advice = advice;
    /** What the API said beyond the message, e.g. { rule } for a refused move. */
    this.details = details;
  }
}

function adviceFor(status, code, retryAfter) {
  if (status === 401) return 'Your session has ended or the name and password were not recognised: sign in again.';
  if (status === 403) return 'Your role cannot do this. Ask an administrator if you need it.';
  if (status === 404) return 'It may have been removed, or the link is wrong: go back to the list and try again.';
  if (code === 'illegal_transition')
    return 'The workflow does not allow this yet: see what it says is missing, record it, then try again.';
  if (status === 409)
    return 'Someone else changed this since you opened it: reload the page, check what changed, then try again.';
  if (status === 413) return 'The file is too large: split it into smaller files and upload each.';
  if (status === 429)
    return `Too many attempts: wait ${retryAfter ? `${Math.ceil(Number(retryAfter) / 60)} minute(s)` : 'a few minutes'}, then try again.`;
  if (status === 400 || status === 415) return 'Check the values you entered, correct them and try again.';
  if (status === 503) return 'A service the estate depends on is not answering: try again in a minute.';
  return 'Something went wrong on the server: try again in a minute. If it keeps failing, tell the estates team what you were doing and when.';
}

export function queryString(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, query?: Record<string, unknown> }} [options]
 */
export async function api(path, { method = 'GET', body, query } = {}) {
  let response;
  try {
    response = await fetch(`${path}${query ? queryString(query) : ''}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.', 'Check your connection, then try again.');
  }
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const code = payload?.error ?? 'internal';
    throw new ApiError(
      response.status,
      code,
      payload?.message ?? `The server answered ${response.status}.`,
      adviceFor(response.status, code, response.headers.get('retry-after')),
      payload?.details,
    );
  }
  return payload;
}

/** multipart upload with byte progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function uploadFile(form, onProgress, path = '/api/uploads') {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.responseType = 'json';
    request.upload.addEventListener('progress', (e) => e.lengthComputable && onProgress(e.loaded, e.total));
    request.addEventListener('load', () => {
      const payload = request.response;
      if (request.status >= 200 && request.status < 300) resolve(payload);
      else {
        const code = payload?.error ?? 'internal';
        reject(
          new ApiError(
            request.status,
            code,
            payload?.message ?? `The server answered ${request.status}.`,
            adviceFor(request.status, code, request.getResponseHeader('retry-after')),
            payload?.details,
          ),
        );
      }
    });
    request.addEventListener('error', () =>
      reject(
        new ApiError(
          0,
          'network',
          'The upload did not reach the server.',
          'Check your connection, then upload the file again: the same file is never stored twice.',
        ),
      ),
    );
    request.send(form);
  });
}
