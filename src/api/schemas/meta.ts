import { z } from 'zod';
import { freeObject } from './common.js';

const health = z.looseObject({ status: z.string() });

export const healthz = { summary: 'The process is up', tags: ['meta'], response: { 200: health, 503: health } };
export const readyz = {
  summary: 'PostgreSQL and Redis answer',
  tags: ['meta'],
  response: { 200: health, 503: health },
};

export const openApi = {
  summary: 'This API as an OpenAPI 3 document',
  tags: ['meta'],
  response: { 200: freeObject.describe('OpenAPI 3.0 document') },
};
