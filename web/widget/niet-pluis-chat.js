/*
 * Niet-pluis chat widget: one <script> tag on a gemeente's page.
 *
 *   <script src="https://chat.example.nl/widget/niet-pluis-chat.js" defer
 *           data-server="https://chat.example.nl" data-gemeente="Aalten"
 *           data-exit-url="https://www.buienradar.nl/"></script>
 *
 * A custom element with an open shadow root (assistive technology, axe and tests can see
 * inside), styled by a constructable stylesheet (no inline style, so a strict
 * Content-Security-Policy holds) that reads NL Design System tokens (--basis-*, --utrecht-*)
 * from the page, so the gemeente's own theme applies. It talks to Rasa's REST channel with
 * fetch. No dependencies, no cookies, no localStorage: the conversation is kept in this tab's
 * sessionStorage only, and "Snel weg" (button, or Shift three times) wipes it and leaves.
 * Every text from the user or the server is shown as text, never as HTML.
 */
(() => {
  'use strict';

  const TAG = 'niet-pluis-chat';
  const STORE_KEY = 'niet-pluis-chat';
  const OPENING = '/get_started';
  const SHIFT_WINDOW_MS = 5000;
  const REQUEST_TIMEOUT_MS = 30000;
  // New answer buttons ignore a click this soon: the second click of a double click on
  // "Ja, dit klopt" must not land on the next question's "Ja, stuur maar".
  const CHOICE_GRACE_MS = 700;
  const script = document.currentScript;

  // A download's name comes from the server; only plain names, never a path.
  const SAFE_FILENAME = /^[A-Za-z0-9._-]{1,80}\.html$/;

  // Saves a file made here (a Blob), so a strict CSP needs nothing extra for it.
  function download(file) {
    const url = URL.createObjectURL(new Blob([file.content], { type: 'text/html;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.name;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  const T = {
    title: 'Niet-pluis melden',
    intro: 'Anoniem. Je naam is niet nodig. Is er nu direct gevaar? Bel 112.',
    forGemeente: (g) => `Voor gemeente ${g}.`,
    exit: 'Snel weg',
    exitHint: 'Snel weg wist dit gesprek en opent een andere website. Of druk 3 keer op Shift.',
    historyNote: 'Je browsergeschiedenis wordt niet gewist.',
    safetyLink: 'Zo internet je veiliger',
    logLabel: 'Gesprek met Niet-pluis',
    bot: 'Niet-pluis',
    you: 'Jij',
    inputLabel: 'Jouw bericht',
    inputHint: 'Enter verstuurt. Shift + Enter geeft een nieuwe regel.',
    send: 'Verstuur',
    typing: 'Niet-pluis schrijft een antwoord',
    choices: 'Kies een antwoord of typ zelf',
    empty: 'Typ eerst een bericht.',
    unavailable: 'De chat is nu niet bereikbaar. Je bericht is niet verloren: probeer het zo opnieuw. ' +
      'Is er nu direct gevaar? Bel 112. Anoniem melden kan ook bij Meld Misdaad Anoniem: 0800-7000.',
    retry: 'Opnieuw proberen',
    shiftTwo: 'Shift: nog 2 keer drukken om snel weg te gaan.',
    shiftOne: 'Shift: nog 1 keer drukken om snel weg te gaan.',
    shiftExpired: 'Snel weg met Shift is gestopt.',
    leaving: 'Bezig met weggaan.',
  };

  // Design tokens of the page's NL Design System theme, with plain defaults.
  const CSS = `
:host {
  --np-font: var(--basis-text-font-family-default, var(--utrecht-document-font-family, system-ui, sans-serif));
  --np-text: var(--basis-color-default-color-document, var(--utrecht-document-color, #1b1b1b));
  --np-bg: var(--basis-color-default-bg-document, var(--utrecht-document-background-color, #ffffff));
  --np-subtle-bg: var(--basis-color-default-bg-subtle, #f1f3f5);
  --np-subtle-text: var(--basis-color-default-color-subtle, #4a4f55);
  --np-border: var(--basis-color-default-border-default, #6b7178);
  --np-accent-bg: var(--utrecht-button-primary-action-background-color, #154273);
  --np-accent-text: var(--utrecht-button-primary-action-color, #ffffff);
  --np-secondary-text: var(--utrecht-button-secondary-action-color, #154273);
  --np-secondary-border: var(--utrecht-button-secondary-action-border-color, #154273);
  --np-danger-bg: var(--basis-color-negative-bg-default, #fbe9e9);
  --np-danger-text: var(--basis-color-negative-color-default, #8c1d18);
  --np-exit-bg: #a4231b;
  --np-exit-text: #ffffff;
  --np-focus: var(--basis-focus-outline-color, #000000);
  --np-focus-bg: var(--basis-focus-background-color, #ffdd00);
  --np-radius: var(--basis-border-radius-md, 6px);
  display: block;
  box-sizing: border-box;
  inline-size: 100%;
  max-inline-size: 42rem;
  font-family: var(--np-font);
  font-size: 1rem;
  line-height: 1.5;
  color: var(--np-text);
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.panel {
  border: 1px solid var(--np-border);
  border-radius: var(--np-radius);
  background: var(--np-bg);
  display: flex;
  flex-direction: column;
  min-inline-size: 0;
}
.head { padding: 0 1rem 0.5rem; border-block-end: 1px solid var(--np-border); }
.head-row { padding-inline: 1rem; border-start-start-radius: var(--np-radius); border-start-end-radius: var(--np-radius); }
/* the title and Snel weg stay in view while the page scrolls through the chat */
.head-row { position: sticky; inset-block-start: 0; z-index: 1; background: var(--np-bg);
  padding-block: 0.5rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; }
h2 { margin: 0; font-size: 1.25rem; line-height: 1.3; }
.intro, .exit-note { margin: 0.25rem 0 0; color: var(--np-subtle-text); font-size: 0.95rem; }
.exit {
  font: inherit; font-weight: 700; font-size: max(16px, 1rem);
  min-block-size: 44px; padding: 0.4rem 1rem; cursor: pointer;
  color: var(--np-exit-text); background: var(--np-exit-bg);
  border: 2px solid var(--np-exit-bg); border-radius: var(--np-radius);
}
.exit-note a { color: inherit; }
.log {
  block-size: min(28rem, 55vh);
  min-block-size: 12rem;
  overflow-y: auto;
  padding: 0.75rem 1rem;
  display: flex; flex-direction: column; gap: 0.5rem;
}
.msg a { color: inherit; }
.msg { margin: 0; max-inline-size: 85%; padding: 0.5rem 0.75rem; border-radius: var(--np-radius);
  white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.bot { align-self: flex-start; background: var(--np-subtle-bg); color: var(--np-text); }
.msg.user { align-self: flex-end; background: var(--np-accent-bg); color: var(--np-accent-text); }
.msg.note { align-self: stretch; max-inline-size: none; background: var(--np-danger-bg); color: var(--np-danger-text); }
.who { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.choices { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0; padding: 0; border: 0; }
.choices legend { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.choice, .send, .retry, .download {
  font: inherit; font-size: max(16px, 1rem); min-block-size: 44px; padding: 0.4rem 0.9rem; cursor: pointer;
  border-radius: var(--np-radius);
}
.choice { color: var(--np-secondary-text); background: var(--np-bg); border: 2px solid var(--np-secondary-border); }
.download { margin-block-start: 0.5rem; color: var(--np-secondary-text); background: var(--np-bg); border: 2px solid var(--np-secondary-border); }
.send, .retry { color: var(--np-accent-text); background: var(--np-accent-bg); border: 2px solid var(--np-accent-bg); }
.typing { margin: 0 1rem 0.5rem; color: var(--np-subtle-text); }
.dots span { display: inline-block; animation: np-blink 1.2s infinite ease-in-out; }
.dots span:nth-child(2) { animation-delay: 0.2s; }
.dots span:nth-child(3) { animation-delay: 0.4s; }
@keyframes np-blink { 0%, 80%, 100% { opacity: 0.2; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .dots span { animation: none; } }
.alert { margin: 0 1rem 0.75rem; padding: 0.75rem; border: 2px solid var(--np-danger-text);
  border-radius: var(--np-radius); background: var(--np-danger-bg); color: var(--np-danger-text); }
.alert p { margin: 0 0 0.5rem; }
form { border-block-start: 1px solid var(--np-border); padding: 0.75rem 1rem; display: grid;
  grid-template-columns: minmax(0, 1fr); gap: 0.25rem; }
/* a phone with its keyboard open: the question and the box fit on the screen together */
@media (max-height: 480px) {
  .log { min-block-size: 7rem; block-size: 40vh; }
  .hint { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .intro { display: none; }
}
label { font-weight: 700; }
.hint { margin: 0; color: var(--np-subtle-text); font-size: 0.9rem; }
.row { display: flex; gap: 0.5rem; align-items: flex-end; }
textarea {
  flex: 1 1 0%; min-inline-size: 0; font: inherit; font-size: max(16px, 1rem); line-height: 1.4;
  min-block-size: 44px; max-block-size: 10rem; resize: vertical; padding: 0.5rem;
  color: var(--np-text); background: var(--np-bg);
  border: 2px solid var(--np-border); border-radius: var(--np-radius);
}
.status { margin: 0; min-block-size: 1.2em; font-size: 0.9rem; color: var(--np-subtle-text); }
:focus-visible { outline: 3px solid var(--np-focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--np-focus-bg); }
.blank { display: none; }
`;

  let sheet = null;
  const styleSheet = () => {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    return sheet;
  };

  const el = (tag, attrs = {}, text) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;  // text, never HTML
    return node;
  };

  // In the assistant's own texts, web addresses and phone numbers become links (made as
  // elements with text, never parsed as HTML). The user's words stay plain text.
  const LINKABLE = /\b(https?:\/\/[^\s)]+[^\s).,;:!?]|www\.[^\s)]+[^\s).,;:!?]|[a-z0-9-]+\.(?:nl|org|eu|com)\b(?:\/[^\s)]*[^\s).,;:!?])?|112|0[89]00-\d{4}|0\d{2,3}-\d{3} ?\d{2} ?\d{2}|0\d{2,3}-\d{6,7})\b/gi;
  const linked = (text) => {
    const nodes = [];
    let last = 0;
    for (const match of text.matchAll(LINKABLE)) {
      const found = match[0];
      nodes.push(document.createTextNode(text.slice(last, match.index)));
      const isPhone = /^[\d -]+$/.test(found);
      const href = isPhone ? `tel:${found.replace(/[^\d]/g, '')}` : (/^https?:/i.test(found) ? found : `https://${found}`);
      const link = el('a', { href }, found);
      if (!isPhone) link.setAttribute('rel', 'noopener noreferrer');
      nodes.push(link);
      last = match.index + found.length;
    }
    nodes.push(document.createTextNode(text.slice(last)));
    return nodes;
  };

  const newSenderId = () => {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  };

  // Only this tab, only this session: gone when the tab closes.
  const storage = {
    read() {
      try { return JSON.parse(window.sessionStorage.getItem(STORE_KEY) || 'null'); } catch (_) { return null; }
    },
    write(state) {
      try { window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (_) { /* memory only */ }
    },
    clear() {
      try { window.sessionStorage.removeItem(STORE_KEY); } catch (_) { /* nothing kept */ }
    },
  };

  class NietPluisChat extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      this.server = (this.getAttribute('server') || '').replace(/\/+$/, '');
      this.exitUrl = this.getAttribute('exit-url') || 'https://www.buienradar.nl/';
      this.safetyUrl = this.getAttribute('safety-url') || `${this.server}/veilig-internetten`;
      this.queue = Promise.resolve();
      this.openingFailed = false;
      this.shiftCount = 0;
      this.shiftTimer = null;
      this.lastKeyWasModified = false;

      const saved = storage.read();
      this.state = saved && typeof saved.sender === 'string' && Array.isArray(saved.log)
        ? saved : { sender: newSenderId(), log: [], choices: [] };

      const root = this.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [styleSheet()];
      this.build(root);
      for (const entry of this.state.log) this.render(entry);
      this.renderChoices(this.state.choices || []);
      this.onKeyUp = (event) => this.countShift(event);
      document.addEventListener('keyup', this.onKeyUp, true);
      this.onPageShow = () => this.unblank();
      if ('BroadcastChannel' in window) {
        // Snel weg in one tab leaves every tab with the chat (same site only)
        this.tabs = new BroadcastChannel(STORE_KEY);
        this.tabs.onmessage = (event) => { if (event.data === 'exit') this.exit(false); };
      }
      window.addEventListener('pageshow', this.onPageShow);
      if (this.state.log.length === 0) this.enqueue({ message: OPENING, shown: null });  // the welcome, with 112, unasked
    }

    disconnectedCallback() {
      document.removeEventListener('keyup', this.onKeyUp, true);
      window.removeEventListener('pageshow', this.onPageShow);
    }

    build(root) {
      const panel = el('section', { class: 'panel', 'aria-labelledby': 'np-title' });
      const head = el('div', { class: 'head' });
      const row = el('div', { class: 'head-row' });
      row.append(el('h2', { id: 'np-title' }, this.getAttribute('title') || T.title));
      this.exitButton = el('button', { type: 'button', class: 'exit', 'aria-describedby': 'np-exit-note' }, T.exit);
      this.exitButton.addEventListener('click', () => this.exit());
      row.append(this.exitButton);
      const gemeente = this.getAttribute('gemeente');
      head.append(el('p', { class: 'intro' }, (gemeente ? `${T.forGemeente(gemeente)} ` : '') + T.intro));
      const note = el('p', { class: 'exit-note', id: 'np-exit-note' }, `${T.exitHint} ${T.historyNote} `);
      const link = el('a', { href: this.safetyUrl }, T.safetyLink);
      note.append(link, '.');
      head.append(note);
      this.shiftStatus = el('p', { class: 'status', role: 'status' });
      head.append(this.shiftStatus);

      this.log = el('div', { class: 'log', role: 'log', 'aria-label': T.logLabel, tabindex: '0' });
      this.typing = el('p', { class: 'typing', hidden: '' });
      this.busyStatus = el('p', { class: 'who', role: 'status' });  // announces the wait, once
      const dots = el('span', { class: 'dots', 'aria-hidden': 'true' });
      dots.append(el('span', {}, '.'), el('span', {}, '.'), el('span', {}, '.'));
      this.typing.append(T.typing, dots);

      this.alert = el('div', { class: 'alert', role: 'alert', hidden: '' });
      this.alertText = el('p');
      const retry = el('button', { type: 'button', class: 'retry' }, T.retry);
      retry.addEventListener('click', () => this.retry());
      this.alert.append(this.alertText, retry);

      const form = el('form', { novalidate: '' });
      form.append(el('label', { for: 'np-input' }, T.inputLabel));
      form.append(el('p', { class: 'hint', id: 'np-hint' }, T.inputHint));
      const inputRow = el('div', { class: 'row' });
      this.input = el('textarea', { id: 'np-input', rows: '2', 'aria-describedby': 'np-hint np-form-status',
        autocomplete: 'off', spellcheck: 'true' });
      inputRow.append(this.input, el('button', { type: 'submit', class: 'send' }, T.send));
      form.append(inputRow);
      this.formStatus = el('p', { class: 'status', id: 'np-form-status', role: 'status' });
      form.append(this.formStatus);
      form.addEventListener('submit', (event) => { event.preventDefault(); this.submit(); });
      this.input.addEventListener('input', () => { if (this.formStatus.textContent) this.formStatus.textContent = ''; });
      this.input.addEventListener('focus', () => { this.log.scrollTop = this.log.scrollHeight; });
      this.input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.submit();
        }
      });

      panel.append(row, head, this.log, this.typing, this.busyStatus, this.alert, form);
      root.append(panel);
      this.panel = panel;
    }

    submit() {
      const text = this.input.value;
      if (!text.trim()) {
        this.formStatus.textContent = T.empty;
        return;
      }
      this.formStatus.textContent = '';
      this.input.value = '';
      this.enqueue({ message: text, shown: text, typed: true });
    }

    // One message at a time, in order: a second message typed while waiting is not lost.
    enqueue(item) {
      this.queue = this.queue.then(() => this.post(item));
      return this.queue;
    }

    async post(item) {
      const choicesBefore = this.state.choices || [];
      this.clearChoices();
      const entry = item.shown === null ? null : this.add({ who: 'user', text: item.shown });
      this.typing.hidden = false;
      this.busyStatus.textContent = T.typing;
      let response = null;
      let data = null;
      const abort = new AbortController();
      const timer = window.setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
      try {
        response = await fetch(`${this.server}/webhooks/rest/webhook`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ sender: this.state.sender, message: item.message }),
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          signal: abort.signal,
        });
        data = await response.json().catch(() => null);
      } catch (_) {
        response = null;
      } finally {
        window.clearTimeout(timer);
        this.typing.hidden = true;
        this.busyStatus.textContent = '';
      }
      if (response && Array.isArray(data) && (response.ok || data.length > 0)) {
        this.hideAlert();
        let choices = [];
        let first = null;
        for (const reply of data) {
          if (reply && reply.custom && reply.custom.conversation_wiped === true) {
            // the assistant wiped the conversation ("stop"): so does this screen
            this.state.log = [];
            this.log.replaceChildren();
            first = null;
          }
          if (reply && typeof reply.text === 'string' && reply.text) {
            const added = this.add({ who: 'bot', text: reply.text });
            first = first || added.bubble;
          }
          const doc = reply && reply.custom && reply.custom.document;
          if (doc && typeof doc.content === 'string' && typeof doc.text === 'string' && SAFE_FILENAME.test(doc.filename || '')) {
            // the formal summary of a confirmed report (professionals): text plus a download button
            const added = this.add({ who: 'bot', text: doc.text, file: {
              name: doc.filename, content: doc.content, label: typeof doc.label === 'string' ? doc.label : doc.filename } });
            first = first || added.bubble;
          }
          if (reply && Array.isArray(reply.buttons)) {
            choices = reply.buttons.filter((b) => b && typeof b.title === 'string' && typeof b.payload === 'string')
              .map((b) => ({ title: b.title, payload: b.payload }));
          }
        }
        this.setChoices(choices);
        this.showFrom(first);
        return;
      }
      // Not arrived: nothing is lost. The bubble goes, a typed text goes back into the input
      // and the choices come back.
      this.drop(entry);
      if (item.typed) this.input.value = this.input.value ? `${item.shown}\n${this.input.value}` : item.shown;
      this.setChoices(choicesBefore);
      if (response && response.status < 500 && data && typeof data.message === 'string') {
        this.add({ who: 'bot', text: data.message });  // the server's Dutch reason (too long, not text)
      } else {
        this.unavailable(item);
      }
    }

    // Several replies at once (the summary, the advice): start reading at the first one,
    // not at the last, when they do not all fit.
    showFrom(bubble) {
      if (!bubble) return;
      const top = bubble.offsetTop - this.log.offsetTop - 8;
      this.log.scrollTop = Math.min(top, this.log.scrollHeight);
      if (this.log.scrollHeight - top <= this.log.clientHeight) this.log.scrollTop = this.log.scrollHeight;
    }

    drop(entry) {
      if (!entry) return;
      const index = this.state.log.indexOf(entry.data);
      if (index >= 0) this.state.log.splice(index, 1);
      entry.bubble.remove();
      this.save();
    }

    unavailable(item) {
      if (item.shown === null) this.openingFailed = true;
      this.alertText.textContent = T.unavailable;
      this.alert.hidden = false;
      this.setAttribute('data-state', 'unavailable');
    }

    hideAlert() {
      this.alert.hidden = true;
      this.removeAttribute('data-state');
    }

    retry() {
      this.hideAlert();
      if (this.openingFailed) {
        this.openingFailed = false;
        this.enqueue({ message: OPENING, shown: null });
      }
      if (this.input.value.trim()) this.submit();
      this.input.focus();
    }

    add(data) {
      this.state.log.push(data);
      this.save();
      return { data, bubble: this.render(data) };
    }

    render(entry) {
      const bubble = el('p', { class: `msg ${entry.who === 'user' ? 'user' : 'bot'}` });
      bubble.append(el('span', { class: 'who' }, `${entry.who === 'user' ? T.you : T.bot}: `));
      if (entry.who === 'user') bubble.append(document.createTextNode(entry.text));
      else bubble.append(...linked(entry.text));
      if (entry.file) {
        const button = el('button', { type: 'button', class: 'download' }, entry.file.label);
        button.addEventListener('click', () => download(entry.file));
        bubble.append(el('br'), button);
      }
      this.log.append(bubble);
      this.log.scrollTop = this.log.scrollHeight;
      return bubble;
    }

    setChoices(choices) {
      this.state.choices = choices;
      this.save();
      this.renderChoices(choices);
    }

    renderChoices(choices) {
      this.clearChoices(false);
      if (!choices.length) return;
      const group = el('fieldset', { class: 'choices' });
      group.append(el('legend', {}, T.choices));
      const shownAt = performance.now();
      window.setTimeout(() => { group.dataset.ready = ''; }, CHOICE_GRACE_MS);
      for (const choice of choices) {
        const button = el('button', { type: 'button', class: 'choice' }, choice.title);
        button.addEventListener('click', () => {
          if (performance.now() - shownAt < CHOICE_GRACE_MS || this.choicesGroup !== group) return;
          this.input.focus();  // the buttons go away; the keyboard stays in the conversation
          this.enqueue({ message: choice.payload, shown: choice.title, typed: false });
        });
        group.append(button);
      }
      this.log.append(group);
      this.choicesGroup = group;
      this.log.scrollTop = this.log.scrollHeight;
    }

    clearChoices(forget = true) {
      if (this.choicesGroup) this.choicesGroup.remove();
      this.choicesGroup = null;
      if (forget && this.state.choices && this.state.choices.length) {
        this.state.choices = [];
        this.save();
      }
    }

    save() {
      storage.write(this.state);
    }

    // Shift pressed on its own three times, each within 5 s of the last (as GOV.UK's "Exit
    // this page"): a Shift used for a capital letter does not count.
    countShift(event) {
      if (event.key === 'Shift' && !this.lastKeyWasModified) {
        this.shiftCount += 1;
        window.clearTimeout(this.shiftTimer);
        if (this.shiftCount >= 3) {
          this.shiftCount = 0;
          this.exit();
        } else {
          this.shiftStatus.textContent = this.shiftCount === 1 ? T.shiftTwo : T.shiftOne;
          this.shiftTimer = window.setTimeout(() => this.resetShift(), SHIFT_WINDOW_MS);
        }
      } else if (this.shiftCount > 0) {
        this.resetShift();
      }
      this.lastKeyWasModified = event.shiftKey;
    }

    resetShift() {
      window.clearTimeout(this.shiftTimer);
      this.shiftCount = 0;
      this.shiftStatus.textContent = T.shiftExpired;
      this.shiftTimer = window.setTimeout(() => { this.shiftStatus.textContent = ''; }, SHIFT_WINDOW_MS);
    }

    // Snel weg: blank at once, forget here and on the server, and leave without a way back.
    exit(tellOtherTabs = true) {
      if (tellOtherTabs && this.tabs) this.tabs.postMessage('exit');
      const sender = this.state.sender;
      storage.clear();
      this.state = { sender: newSenderId(), log: [], choices: [] };
      this.panel.classList.add('blank');
      this.log.replaceChildren();
      this.input.value = '';
      document.documentElement.style.visibility = 'hidden';
      document.title = T.leaving;
      try {
        // text/plain: sent without a CORS preflight, and kept alive while the page unloads
        fetch(`${this.server}/webhooks/rest/forget`, {
          method: 'POST', keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer',
          headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ sender }),
        }).catch(() => {});
      } catch (_) { /* leaving matters more */ }
      window.location.replace(this.exitUrl);
    }

    unblank() {
      // Back/forward cache: a page restored after "Snel weg" must not show the old state.
      document.documentElement.style.visibility = '';
      this.panel.classList.remove('blank');
    }
  }

  if (!customElements.get(TAG)) customElements.define(TAG, NietPluisChat);

  // The one-tag embed: a widget where the script is (or in data-target), set from data-*.
  if (script && !script.hasAttribute('data-no-auto')) {
    const widget = document.createElement(TAG);
    for (const name of ['server', 'gemeente', 'title', 'exit-url', 'safety-url']) {
      const value = script.getAttribute(`data-${name}`);
      if (value) widget.setAttribute(name, value);
    }
    if (!widget.hasAttribute('server')) widget.setAttribute('server', new URL(script.src, document.baseURI).origin);
    const target = script.dataset.target ? document.querySelector(script.dataset.target) : null;
    if (target) target.append(widget);
    else if (script.parentNode && script.parentNode !== document.head) script.after(widget);
    else document.body.append(widget);
  }
})();
