// The markup of one <paxos-playground> element, put into its shadow root. Ids are scoped to
// that root, so several playgrounds on one page do not clash. Elements marked data-show are
// controls ("full" ones only with controls="full", "minimal" ones unless controls="none");
// elements marked data-panel are the panels the panels attribute chooses. The playground is one
// landmark (a region named after its run); its parts are groups, so that two playgrounds on a
// page do not repeat each other's landmarks.

/** The element's shadow markup: static text only (user text is always set as text). */
export const TEMPLATE = `
<div class="root" id="playground" tabindex="-1" role="region" aria-label="Paxos playground">
  <div id="config-error" class="error config-error" role="alert" hidden></div>
  <div id="full-top" data-show="full"></div>
  <div class="layout">
    <section role="group" class="stage" aria-labelledby="stage-title">
      <h2 id="stage-title" class="visually-hidden">Cluster</h2>
      <div class="toolbar" data-show="minimal" role="toolbar" aria-label="Simulation controls">
        <button id="back" type="button" aria-label="Back" title="One step back (←)">◀ Back</button>
        <button id="play" type="button" class="primary">Play</button>
        <button id="step" type="button">Step</button>
        <button id="reset" type="button">Reset</button>
        <label class="speed" for="speed">Speed <input id="speed" type="range" min="0.5" max="10" step="0.5" value="2"> <span id="speed-value" class="speed-value">2 ticks/s</span></label>
        <span id="full-toolbar" data-show="full"></span>
        <span class="clock" id="clock">t = 0</span>
      </div>
      <div class="timeline" data-show="minimal">
        <label for="timeline">Timeline</label>
        <input id="timeline" type="range" min="0" max="0" step="1" value="0">
        <span id="timeline-position" class="hint">step 0 of 0</span>
      </div>
      <p id="notice" class="notice" aria-live="polite" hidden></p>
      <p class="hint shortcuts" id="shortcuts">Keys: <kbd>Space</kbd> play or pause, <kbd>→</kbd> step, <kbd>←</kbd> back, <kbd>Home</kbd>/<kbd>End</kbd> start or end of the run, <kbd>Tab</kbd> to a node or a message (<kbd>↑</kbd>/<kbd>↓</kbd> between messages) and <kbd>Enter</kbd> for its actions.</p>
      <p id="status" role="status" class="status">No value chosen yet.</p>
      <p id="status-detail" class="hint"></p>
      <p id="error" role="alert" class="error" hidden></p>
      <div id="ring" class="ring" data-panel="ring" role="group" aria-label="The nodes and the messages between them"></div>
      <p class="hint" id="ring-hint" data-panel="ring">Click or tap a node to crash, restart or propose from it; a message to deliver, drop, duplicate or hold it.</p>
      <section role="group" class="spacetime" data-panel="diagram" aria-labelledby="diagram-title">
        <h3 id="diagram-title">Space-time diagram</h3>
        <div id="diagram"></div>
      </section>
      <form id="propose-form" class="propose" data-show="minimal" autocomplete="off">
        <label for="proposer">Proposer</label>
        <select id="proposer"></select>
        <label for="value">Value</label>
        <input id="value" type="text" placeholder="e.g. World" spellcheck="false" aria-describedby="value-length">
        <span id="value-length" class="counter">0/32</span>
        <button id="propose" type="submit">Propose</button>
      </form>
      <div id="full-stage" data-show="full"></div>
    </section>
    <div class="side" id="side">
      <section role="group" class="code" id="code-section" aria-labelledby="code-title">
        <div data-panel="pseudocode">
          <h2 id="code-title">Pseudocode</h2>
          <p class="hint" id="code-caption">The article's pseudocode, completed. Lines the last step ran are highlighted.</p>
          <pre id="pseudocode" class="pseudocode" tabindex="0" aria-label="Pseudocode"></pre>
          <div class="watch">
            <label for="watch">Acceptor state</label>
            <select id="watch"></select>
            <dl id="acceptor-vars" class="vars"></dl>
          </div>
        </div>
        <div data-panel="invariants">
          <h3 id="invariants-title">Invariants</h3>
          <p class="hint">Checked after every step. Green while they hold; red, with the step that broke one, if Paxos ever failed.</p>
          <ul id="invariants" class="invariants" aria-labelledby="invariants-title"></ul>
        </div>
        <div id="full-side" data-show="full"></div>
      </section>

      <section role="group" class="events" data-panel="log" aria-labelledby="log-title">
        <h2 id="log-title">Event log</h2>
        <ol id="log" class="log" tabindex="0" aria-label="Event log"></ol>
      </section>
    </div>
  </div>
  <p id="announce" class="visually-hidden" aria-live="polite"></p>
</div>`;
