// embed.html: the element's attributes from the address's query string, for hosts that only
// allow iframes: embed.html?scenario=dueling&controls=minimal is
// <paxos-playground scenario="dueling" controls="minimal">. A parameter the element does not
// know is named above it, with the ones it does.
import { ATTRIBUTES } from "./attributes.js";

const playground = document.getElementById("playground");
const unknown = [];
for (const [name, value] of new URLSearchParams(location.search)) {
  if (ATTRIBUTES.includes(name)) playground.setAttribute(name, value);
  else unknown.push(name);
}
if (unknown.length > 0) {
  const note = document.getElementById("embed-error");
  note.textContent = `embed.html does not know ${unknown.map((n) => JSON.stringify(n)).join(", ")}: its options are ${ATTRIBUTES.join(", ")}.`;
  note.hidden = false;
}
