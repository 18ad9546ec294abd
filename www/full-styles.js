// The full controls' stylesheet as text, or null. In development it is null and the full
// controls link www/full-controls.css; scripts/dist.mjs builds this module with the minified
// stylesheet's text, as it does www/styles.js for the element's own.

/** The full controls' stylesheet text in the built folder; null in development. */
export const FULL_STYLE_TEXT = null;
