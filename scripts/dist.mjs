// Writes dist/: the playground as a self-contained static folder for any static host (relative
// paths only, no server logic). Run by `npm run dist` after the wasm build (scripts/build.sh).
//
//   dist/www/paxos-playground.js   the element and the page's wasm bindings, one minified module
//   dist/www/full-controls.js      the full controls (controls="full"), loaded only where shown
//   dist/www/style.css             the element's styles, also inside paxos-playground.js (which
//                                  does not fetch it: it is there for readers and other tools)
//   dist/www/verify-worker.js      the model checker's worker, loaded only when Verify is pressed
//   dist/www/page.css, page.js, embed.js   the chrome of the playground's own pages
//   dist/pkg/...wasm               the page's wasm module, and the checker's in pkg/checker/
//   dist/index.html, embed.html    the full playground, and the page for iframes
//   dist/examples/blog-post.html   a blog post with two embedded playgrounds
//
// The layout mirrors the repository's, so every relative address (www/ -> ../pkg/) is the same
// in development and in dist/, and the one embed snippet works for both.
import { build, transform } from "esbuild";
import { cpSync, mkdirSync, rmSync, existsSync, writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "dist");
const from = (...parts) => path.join(root, ...parts);

for (const wasm of ["pkg/paxos_playground_bg.wasm", "pkg/checker/paxos_playground_bg.wasm"]) {
  if (!existsSync(from(wasm))) {
    console.error(`dist: ${wasm} is missing; build the wasm modules first (npm run build).`);
    process.exit(1);
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// ES2022 modules: what every browser with custom elements, shadow DOM and wasm runs.
const common = { bundle: true, minify: true, format: "esm", target: "es2022", logLevel: "warning", legalComments: "none" };
// The element, and apart from it its full controls (loaded only by an element that shows them:
// www/full-controls.js reaches the simulation only through the element's App, so the two
// bundles share no module but the few lines of www/stylesheets.js), and each other entry alone.
// The element's stylesheet goes into its bundle (www/styles.js), so an embed fetches one
// module and the wasm, and draws without waiting for a stylesheet.
// The same for the full controls' stylesheet (www/full-styles.js) in their bundle.
const minified = async (file) => (await transform(readFileSync(from(file), "utf8"), { loader: "css", minify: true })).code;
const css = await minified("www/style.css");
const fullCss = await minified("www/full-controls.css");
const inlineStyles = {
  name: "inline-styles",
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]www[\\/]styles\.js$/ }, () => ({ contents: `export const STYLE_TEXT = ${JSON.stringify(css)};`, loader: "js" }));
    plugin.onLoad({ filter: /[\\/]www[\\/]full-styles\.js$/ }, () => ({ contents: `export const FULL_STYLE_TEXT = ${JSON.stringify(fullCss)};`, loader: "js" }));
  },
};
await build({ ...common, entryPoints: { "www/paxos-playground": from("www/paxos-playground.js") }, external: ["./full-controls.js"], plugins: [inlineStyles], outdir: out });
await build({ ...common, entryPoints: { "www/full-controls": from("www/full-controls.js") }, plugins: [inlineStyles], outdir: out });
// The worker tries pkg/'s bindings before pkg/checker/'s (a wasm-pack build has the checker in
// pkg/). Here pkg/ is the page's module, built without it: its bindings become an empty module
// in the worker's bundle, which then goes straight to pkg/checker/'s, bundled with it.
const withoutPageBindings = {
  name: "without-page-bindings",
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\.\/pkg\/paxos_playground\.js$/ }, () => ({ path: "page-bindings", namespace: "empty" }));
    plugin.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {};", loader: "js" }));
  },
};
await build({ ...common, entryPoints: { "www/verify-worker": from("www/verify-worker.js") }, plugins: [withoutPageBindings], outdir: out });
for (const entry of ["page", "embed"]) {
  await build({ ...common, entryPoints: { [`www/${entry}`]: from(`www/${entry}.js`) }, outdir: out });
}
await build({
  ...common,
  entryPoints: { "www/style": from("www/style.css"), "www/full-controls": from("www/full-controls.css"), "www/page": from("www/page.css") },
  outdir: out,
});

for (const file of ["pkg/paxos_playground_bg.wasm", "pkg/checker/paxos_playground_bg.wasm", "index.html", "embed.html", "examples/blog-post.html"]) {
  mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  cpSync(from(file), path.join(out, file));
}
writeFileSync(path.join(out, "README.txt"), `Paxos Playground, built for a static host.

Copy this whole folder to any static web server (one that sends .wasm files as
application/wasm), then embed the playground in a page with:

  <script type="module" src="PATH/TO/THIS/FOLDER/www/paxos-playground.js"></script>
  <paxos-playground scenario="article"></paxos-playground>

or, where only iframes are allowed:

  <iframe src="PATH/TO/THIS/FOLDER/embed.html?scenario=article" width="100%" height="720"
          title="Paxos Playground" style="border: 0"></iframe>

index.html is the full playground; examples/blog-post.html shows both in a post.
The attributes are described in the project's README.
`);
console.log(`dist: wrote ${path.relative(root, out)}/ (serve it with: node scripts/serve.mjs --root dist)`);
