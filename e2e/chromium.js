// Shared by the page tests and the page benchmarks: how to launch Debian's Chromium (never a
// downloaded browser: none is reachable here), and the playground's static server on a free port.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

/** Playwright launch options for Debian's Chromium, quiet and without background traffic. */
export const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, server) {
  for (let i = 0; i < 150; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited with status ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no server at ${url} after 15 s`);
}

/**
 * Serves the repository at `root` (scripts/serve.mjs) on a free port and waits until `ready`
 * (a path under it) answers. Returns `{ base, server }`; kill `server` when done.
 */
export async function serve(root, ready) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs"), "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForServer(`${base}${ready}`, server);
  } catch (error) {
    server.kill();
    throw error;
  }
  return { base, server };
}
