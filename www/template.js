// The markup of one <paxos-playground> element, put into its shadow root. Ids are scoped to
// that root, so several playgrounds on one page do not clash. Elements marked data-show are
// controls ("full" ones only with controls="full", "minimal" ones unless controls="none");
// elements marked data-panel are the panels the panels attribute chooses.

/** The element's shadow markup: static text only (user text is always set as text). */
export const TEMPLATE = `
<div class="root" id="playground" tabindex="-1">
  <div id="config-error" class="error config-error" role="alert" hidden></div>
  <div class="scenario" data-show="full">
    <label for="scenario">Scenario</label>
    <select id="scenario"></select>
    <label for="seed" title="The seed picks every message's delay: the same seed replays the same run">Seed (message delays)</label>
    <input id="seed" type="number" min="0" step="1" value="1" inputmode="numeric">
    <span class="share">
      <button id="copy-link" type="button" title="The link holds the whole run, at the step shown">Copy link</button>
      <button id="export" type="button">Export run</button>
      <input id="import" type="file" accept=".json,application/json" class="visually-hidden">
      <label class="file-button" for="import">Import run</label>
    </span>
    <p id="scenario-description" class="hint"></p>
    <details class="settings" id="settings">
      <summary>Cluster settings</summary>
      <form id="settings-form" class="settings-grid" autocomplete="off" novalidate>
        <label for="set-acceptors">Acceptors</label>
        <input id="set-acceptors" type="number" min="1" max="9" value="3">
        <label for="set-proposers">Proposers</label>
        <input id="set-proposers" type="number" min="1" max="5" value="2">
        <label for="set-values">Their values</label>
        <input id="set-values" type="text" value="Hello, World" spellcheck="false" aria-describedby="set-values-hint">
        <span id="set-values-hint" class="hint">one per proposer, separated by commas</span>
        <label for="set-learners">Learners</label>
        <select id="set-learners">
          <option value="proposers">the proposers learn</option>
          <option value="separate">two separate learners, L1 and L2</option>
        </select>
        <label for="set-delay-min">Delay, ticks</label>
        <span class="pair"><input id="set-delay-min" type="number" min="1" max="200" value="2" aria-label="Shortest delay, ticks"> to
          <input id="set-delay-max" type="number" min="1" max="200" value="5" aria-label="Longest delay, ticks"></span>
        <label for="set-loss">Loss, %</label>
        <input id="set-loss" type="number" min="0" max="90" value="0">
        <label for="set-duplicate">Duplication, %</label>
        <input id="set-duplicate" type="number" min="0" max="90" value="0">
        <label for="set-retry">Retry on timeout</label>
        <span class="pair"><input id="set-retry" type="checkbox" checked>
          after <input id="set-retry-timeout" type="number" min="1" max="200" value="24" aria-label="Retry timeout, ticks">
          plus 0 to <input id="set-retry-backoff" type="number" min="0" max="200" value="8" aria-label="Largest random backoff, ticks"> ticks</span>
        <button id="settings-start" type="submit" class="primary">Start new run</button>
      </form>
    </details>
    <details class="settings break-paxos" id="break">
      <summary>Break Paxos</summary>
      <form id="break-form" class="break-grid" autocomplete="off" novalidate>
        <p class="hint">Each switch is a real change to the handlers, off in correct Paxos. The run starts again under the new rules; the pseudocode marks the lines they change. Then press <strong>Verify</strong> (beside the pseudocode) to let the model checker look for a run that breaks safety.</p>
        <label class="switch"><input type="checkbox" name="ignoreAcceptedValues">
          <span><strong>1. Ignore accepted values.</strong> The proposer proposes its own value even when a promise reports a value already accepted. Breaks agreement: a second proposer can overwrite a value that was already chosen.</span></label>
        <label class="switch"><input type="checkbox" name="roundOnlyNumbers">
          <span><strong>2. Round-only numbers.</strong> A proposal number is the round alone (<code>1</code>, not <code>1.P</code>), so two proposers can use the same number, as the article allows. Here an acceptor promises only numbers strictly above its promise, so two proposals with one number never both gather a majority: the checker finds this one safe within its bounds. Unique numbers still matter to Paxos as Lamport states it, where accepting equal numbers is allowed.</span></label>
        <label class="switch"><input type="checkbox" name="forgetOnCrash">
          <span><strong>3. Forget on crash.</strong> An acceptor keeps its promise and accepted value in memory only: after a crash and restart it promises and accepts as if new. Needs a crash to break anything.</span></label>
        <label class="switch"><input type="checkbox" name="minorityPromises">
          <span><strong>4. Minority promises.</strong> The proposer goes to phase 2 with promises from fewer than a majority, so its phase-1 quorum can miss the acceptors that accepted an earlier value.</span></label>
        <label class="switch"><input type="checkbox" name="acceptBelowPromise">
          <span><strong>5. Accept below the promise.</strong> An acceptor accepts a proposal numbered below its promise, breaking the promise it made in phase 1.</span></label>
        <fieldset class="quorums">
          <legend><strong>6. Flexible Paxos quorums.</strong> Phase 1 needs <em>Q1</em> promises, phase 2 <em>Q2</em> acceptances. Safe exactly when every phase-1 quorum meets every phase-2 quorum: Q1 + Q2 &gt; N acceptors (Howard, Malkhi and Spiegelman, 2016).</legend>
          <label for="break-q1">Q1</label>
          <input id="break-q1" name="phase1Quorum" type="number" min="1" max="9" placeholder="majority" aria-describedby="break-quorum-hint">
          <label for="break-q2">Q2</label>
          <input id="break-q2" name="phase2Quorum" type="number" min="1" max="9" placeholder="majority" aria-describedby="break-quorum-hint">
          <span id="break-quorum-hint" class="hint">empty: a majority</span>
        </fieldset>
        <p id="break-summary" class="hint" aria-live="polite"></p>
        <button id="break-apply" type="submit" class="primary">Restart with these rules</button>
      </form>
    </details>
  </div>
  <div class="layout">
    <section class="stage" aria-labelledby="stage-title">
      <h2 id="stage-title" class="visually-hidden">Cluster</h2>
      <div class="toolbar" data-show="minimal" role="toolbar" aria-label="Simulation controls">
        <button id="back" type="button" aria-label="Back" title="One step back (←)">◀ Back</button>
        <button id="play" type="button" class="primary">Play</button>
        <button id="step" type="button">Step</button>
        <button id="reset" type="button">Reset</button>
        <label class="speed" for="speed">Speed <input id="speed" type="range" min="0.5" max="10" step="0.5" value="2"> <span id="speed-value" class="speed-value">2 ticks/s</span></label>
        <label class="manual" for="manual" data-show="full"><input id="manual" type="checkbox"> Manual delivery</label>
        <span class="clock" id="clock">t = 0</span>
      </div>
      <div class="timeline" data-show="minimal">
        <label for="timeline">Timeline</label>
        <input id="timeline" type="range" min="0" max="0" step="1" value="0">
        <span id="timeline-position" class="hint">step 0 of 0</span>
      </div>
      <p id="notice" class="notice" aria-live="polite" hidden></p>
      <p class="hint shortcuts" id="shortcuts">Keys: <kbd>Space</kbd> play or pause, <kbd>→</kbd> step, <kbd>←</kbd> back, <kbd>Home</kbd>/<kbd>End</kbd> start or end of the run, <kbd>Tab</kbd> to a node and <kbd>Enter</kbd> for its actions.</p>
      <p id="status" role="status" class="status">No value chosen yet.</p>
      <p id="status-detail" class="hint"></p>
      <p id="error" role="alert" class="error" hidden></p>
      <div id="ring" class="ring" data-panel="ring" role="group" aria-label="The nodes and the messages between them"></div>
      <p class="hint" id="ring-hint" data-panel="ring">Click or tap a node to crash, restart or propose from it; a message to deliver, drop, duplicate or hold it.</p>
      <section class="spacetime" data-panel="diagram" aria-labelledby="diagram-title">
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
      <section class="network" data-show="full" aria-labelledby="network-title">
        <h3 id="network-title">Network</h3>
        <form id="partition-form" class="row" autocomplete="off">
          <label for="groups">Partition</label>
          <input id="groups" type="text" placeholder="e.g. P,A | B,C" spellcheck="false">
          <button id="partition" type="submit">Partition</button>
          <button id="heal-all" type="button">Heal all</button>
        </form>
        <form id="link-form" class="row" autocomplete="off">
          <label for="link-from">Link</label>
          <select id="link-from" aria-label="Link from"></select>
          <span aria-hidden="true">→</span>
          <select id="link-to" aria-label="Link to"></select>
          <button id="cut" type="submit">Cut</button>
          <button id="heal" type="button">Heal</button>
        </form>
        <p id="cut-links" class="hint">No link is cut.</p>
      </section>
      <section class="in-flight" data-show="full" aria-labelledby="in-flight-title">
        <h3 id="in-flight-title">In flight</h3>
        <p id="in-flight-empty" class="hint">No message is in flight.</p>
        <ul id="in-flight-list"></ul>
      </section>
    </section>
    <div class="side" id="side">
      <section class="code" id="code-section" aria-labelledby="code-title">
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
        <section class="verify" data-show="full" aria-labelledby="verify-title">
          <h3 id="verify-title">Model checker</h3>
          <p class="hint">Tries every order of every message, loss and crash within the bounds, on the same handlers as the animation, and looks for a state where an invariant breaks. A counterexample loads into the timeline and plays.</p>
          <form id="verify-form" class="verify-grid" autocomplete="off" novalidate>
            <label for="verify-rounds">Rounds per proposer</label>
            <input id="verify-rounds" type="number" min="1" max="5" value="2">
            <label for="verify-crashes">Crashes</label>
            <input id="verify-crashes" type="number" min="0" max="3" value="0">
            <label class="check"><input id="verify-loss" type="checkbox"> Messages may be lost</label>
            <label class="check"><input id="verify-duplicate" type="checkbox"> Messages may be duplicated</label>
            <label class="check"><input id="verify-symmetry" type="checkbox" checked> Symmetry: count acceptors that differ only by name once</label>
            <span class="buttons">
              <button id="verify" type="submit" class="primary">Verify</button>
              <button id="verify-cancel" type="button" disabled>Cancel</button>
            </span>
          </form>
          <p id="verify-progress" class="hint"></p>
          <p id="verify-result" class="verify-result" aria-live="polite"></p>
          <ol id="verify-steps" class="verify-steps" hidden></ol>
        </section>
      </section>

      <section class="events" data-panel="log" aria-labelledby="log-title">
        <h2 id="log-title">Event log</h2>
        <ol id="log" class="log" tabindex="0" aria-label="Event log"></ol>
      </section>
    </div>
  </div>
  <p id="announce" class="visually-hidden" aria-live="polite"></p>
</div>`;
