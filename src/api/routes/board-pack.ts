import { boardPack } from '../../cases/board-pack.js';
import { printBoardPack } from '../../export/board-pack-pdf.js';
import { access } from '../access.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/board-pack.js';
import { sendSerialised } from '../serialise/bytes.js';
import { logConfidentialRead } from '../confidential.js';

/** The Board pack for a meeting: as JSON (the UI draws it) and as the A4 PDF printed from that same page. */
export function boardPackRoutes(app: Api, { db, config }: ApiDeps): void {
  app.get('/api/board/pack', { config: access('GET /api/board/pack'), schema: schema.pack }, async (request) => {
    const pack = await boardPack(db, request.query.date, { top: request.query.top, now: new Date() });
    // The pack carries the valuations of the sites and cases on the agenda (its sites are not listed).
    await logConfidentialRead(db, request, 'export', []);
    return pack;
  });

  app.get(
    '/api/board/pack.pdf',
    { config: access('GET /api/board/pack.pdf'), schema: schema.packPdf },
    async (request, reply) => {
      const { date, top } = request.query;
      const pdf = await printBoardPack(await boardPack(db, date, { top, now: new Date() }), config.CHROMIUM_PATH);
      await logConfidentialRead(db, request, 'export', []);
      void reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="board-pack-${date}.pdf"`);
      return sendSerialised(reply, 'application/pdf', pdf);
    },
  );
}
