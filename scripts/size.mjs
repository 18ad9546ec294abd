// Reports what an embed downloads from the built folder (dist/, npm run dist): each file raw and
// gzipped (level 9, as a static host would send it), the total against the 160 KB budget, and
// apart from it what only the model checker (Verify) and the playground's own pages fetch.
// Run by `npm run bench` after the build; reported as ratios, never judged.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 160 * 1024;
if (!existsSync("dist/www/paxos-playground.js")) {
  console.error("size: dist/ is missing; build it first (npm run dist)");
  process.exit(2);
}
const measure = (file) => {
  const bytes = readFileSync(`dist/${file}`);
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const table = (title, files) => {
  const rows = files.map(measure);
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
  console.log(`\n${title}\n`);
  console.log("file".padEnd(40), "raw".padStart(10), "gzipped".padStart(10));
  for (const r of [...rows, { file: "total", ...total }]) console.log(r.file.padEnd(40), kb(r.raw).padStart(10), kb(r.gzip).padStart(10));
  return total;
};

// The element's stylesheet is inside its module (scripts/dist.mjs): an embed fetches these two.
const embed = table("Payload of an embed (<paxos-playground>: wasm + JS, with its CSS inside the JS, from dist/)", [
  "www/paxos-playground.js",
  "pkg/paxos_playground_bg.wasm",
]);
console.log(`(of which the stylesheet: ${kb(measure("www/style.css").gzip)} gzipped on its own)`);
console.log(`\nembed total gzipped: ${kb(embed.gzip)} = ${(embed.gzip / BUDGET).toFixed(2)} of the 160 KB budget`);
table("With controls=full, an element also fetches", ["www/full-controls.js"]);
table("Fetched only when Verify is pressed (the model checker's worker and module)", [
  "www/verify-worker.js",
  "pkg/checker/paxos_playground_bg.wasm",
]);
table("The playground's own pages add (index.html, embed.html)", ["index.html", "embed.html", "www/page.css", "www/page.js", "www/embed.js"]);
