// Leaflet is loaded by a classic <script> tag (web/index.html) from its npm package, which ships
// no types of its own (and @types/leaflet is not a dependency); the map pages use it as a global.
// biome-ignore lint/suspicious/noExplicitAny: Leaflet's API is untyped here, by choice (see above)
declare const L: any;
interface Window {
  /** The Board pack the PDF printer hands web/pack.html (src/export/board-pack-pdf.ts). */
  // biome-ignore lint/suspicious/noExplicitAny: the answer of GET /api/board/pack, as JSON
  __BOARD_PACK__: any;
  // biome-ignore lint/suspicious/noExplicitAny: the same global, read as window.L
  L: any;
}
