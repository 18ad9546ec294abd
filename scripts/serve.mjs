// Serves the repository as static files on 127.0.0.1 (port 8080, or $PORT, or --port N);
// --root DIR serves a folder of it instead, such as dist/ (npm run dist).
// Uses http-server, which sends .wasm as application/wasm; caching is off so a rebuild shows.
import { spawn } from "node:child_process";
import net from "node:net";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rootFlag = process.argv.indexOf("--root");
const root = rootFlag >= 0 ? path.resolve(repository, process.argv[rootFlag + 1] ?? "") : repository;
if (!existsSync(path.join(root, "index.html"))) {
  console.error(`serve: ${root} has no index.html${rootFlag >= 0 ? "; build it first (npm run dist)" : ""}`);
  process.exit(2);
}
const flag = process.argv.indexOf("--port");
const port = flag >= 0 ? process.argv[flag + 1] : process.env.PORT ?? "8080";
if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`serve: the port must be a number from 1 to 65535, not ${JSON.stringify(port)}`);
  process.exit(2);
}
// Say clearly when the port is taken, instead of http-server's stack trace.
await new Promise((resolve) => {
  const probe = net.createServer();
  probe.once("error", (error) => {
    const hint = error.code === "EADDRINUSE" ? `; it is in use, try PORT=${Number(port) + 1} npm start` : "";
    console.error(`serve: cannot listen on 127.0.0.1:${port} (${error.code})${hint}`);
    process.exit(2);
  });
  probe.listen(Number(port), "127.0.0.1", () => probe.close(resolve));
});
const bin = path.join(repository, "node_modules", ".bin", "http-server");
console.log(`\n  Paxos Playground: http://127.0.0.1:${port}/ (embed example: http://127.0.0.1:${port}/examples/blog-post.html)\n`);
const server = spawn(bin, [root, "-a", "127.0.0.1", "-p", port, "-c-1", "--silent"], {
  stdio: "inherit",
  // http-server 14 uses a Node API that Node 20 flags as deprecated; the warning is noise here.
  env: { ...process.env, NODE_OPTIONS: "--no-deprecation" },
});
server.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
