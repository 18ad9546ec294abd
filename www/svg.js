// Tiny helpers for building SVG and HTML with text content only (user text is never parsed as
// markup), and for painting on a canvas in the stylesheet's colors.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Creates an SVG element with attributes. */
export function svgElement(tag, attributes = {}) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/**
 * Sets an element's text only if it changed: even the same text, written again, makes the
 * browser lay the text out and paint it again, and the page refreshes many times a second.
 */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** Creates an HTML element with a class and text. */
export function htmlElement(tag, className = "", text = "") {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text) element.textContent = text;
  return element;
}

/**
 * The message kinds' colors and the ink, from the stylesheet's custom properties (--prepare,
 * --promise, ...), so that canvases paint in the same colors as the SVG and the legend.
 */
export function kindColors(element) {
  const style = getComputedStyle(element);
  const color = (name) => style.getPropertyValue(`--${name}`).trim();
  // ink: outlines; onKind: text on a kind's color; panel: the background (a held message's
  // hole); focus: the keyboard focus ring.
  const colors = { ink: color("ink"), onKind: color("on-kind"), panel: color("panel"), focus: color("focus-node") };
  for (const kind of ["prepare", "promise", "accept", "accepted", "nack"]) colors[kind] = color(kind);
  return colors;
}
