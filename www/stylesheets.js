// How the element and its full controls add a stylesheet to a shadow root: in the built
// folder from the text scripts/dist.mjs put into their bundle (parsed once per page and
// shared by every element), in development by linking the .css file.

/** Parsed stylesheets by their text: one CSSStyleSheet per page for all the elements. */
const parsed = new Map();

/**
 * Adds a stylesheet after the ones `root` has: `text` if it is not null (the built folder),
 * else a link to `href`. Resolves once it applies (or failed to load), so that nothing is
 * drawn unstyled.
 * @param {ShadowRoot} root
 * @param {string | null} text
 * @param {string} href
 */
export function addStyleSheet(root, text, href) {
  if (text !== null) {
    let sheet = parsed.get(text);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      parsed.set(text, sheet);
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return Promise.resolve();
  }
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  const loaded = new Promise((resolve) => {
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", resolve, { once: true });
  });
  root.append(link);
  return loaded;
}
