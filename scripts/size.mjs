// Reports what the page downloads: each file raw and gzipped (level 9), and the totals.
// Run by `npm run bench` after a release build.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";

// The Verify worker and its module are fetched only when someone presses Verify: listed apart.
const onVerify = ["www/verify-worker.js", "pkg/checker/paxos_playground.js", "pkg/checker/paxos_playground_bg.wasm"];
const files = [
  "index.html",
  ...readdirSync("www").map((f) => path.join("www", f)).filter((f) => !onVerify.includes(f)),
  "pkg/paxos_playground.js",
  "pkg/paxos_playground_bg.wasm",
];
const rows = files.map((file) => {
  const bytes = readFileSync(file);
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
console.log("\nPayload (what a visitor downloads)\n");
console.log("file".padEnd(34), "raw".padStart(10), "gzipped".padStart(10));
for (const r of [...rows, { file: "total", ...total }]) {
  console.log(r.file.padEnd(34), kb(r.raw).padStart(10), kb(r.gzip).padStart(10));
}
const wasm = rows.find((r) => r.file.endsWith(".wasm"));
const budget = 100 * 1024;
console.log(`\nwasm gzipped: ${kb(wasm.gzip)} = ${((wasm.gzip / budget) * 100).toFixed(0)}% of the 100 KB budget`);

const checker = onVerify.map((file) => {
  const bytes = readFileSync(file);
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
console.log("\nFetched only when Verify is pressed (the model checker's worker and module)\n");
for (const r of checker) console.log(r.file.padEnd(34), kb(r.raw).padStart(10), kb(r.gzip).padStart(10));
