// @ts-check
import { append } from '../dom.js';
import { drawPack } from './view.js';

/**
 * The print document (web/pack.html) that headless Chromium turns into the Board pack PDF: the pack the
 * printer was handed (window.__BOARD_PACK__, from GET /api/board/pack's use case) drawn by the same view as
 * the UI's Board pack page, with every "where the figures come from" list opened, since paper cannot click.
 */
append(document.getElementById('pack'), drawPack(window.__BOARD_PACK__));
for (const details of document.querySelectorAll('details')) details.open = true;
document.body.dataset.packReady = 'true';
