// The element's stylesheet as text, or null. In development it is null and each element links
// www/style.css; scripts/dist.mjs builds this module with the minified stylesheet's text, so
// that the built element fetches no stylesheet and draws without waiting for one.

/** The stylesheet's text in the built folder; null in development. */
export const STYLE_TEXT = null;
