// board.js — the wallboard's DOM: one section per skill with a keyed row
// per agent, the totals, the waiting calls and the selected agent's card.
// Changes are batched: the model marks what changed, one render per
// animation frame touches only those rows; a 1 s tick rewrites only the
// time cells whose text changed.
import { t, stateName, STATE_FAMILY } from './i18n.js';
import { compareIds, formatDuration, UNLOGIN } from './model.js';

/** document.createElement with attributes, properties and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) {
      el.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
  }
  return el;
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function fmtClock(ms) {
  if (!ms) return '';
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export class BoardView {
  /**
   * @param {import('./model.js').Board} board
   * @param {{tree: HTMLElement, totals: HTMLElement, waiting: HTMLElement,
   *   card: HTMLElement}} els
   * @param {{select: (id: string) => void, jump: (requestId: number) =>
   *   void}} on
   */
  constructor(board, els, on) {
    this.board = board;
    this.els = els;
    this.on = on;
    this.sections = new Map();   // skill → {root, stats, tbody, rows, empty}
    this.waitRows = new Map();   // "skill|callId" → {tr, wait}
    this.selected = '';
    this.filter = '';
    this.hideOff = false;
    this.frame = 0;
    this.tickDue = false;
    this.renders = 0;            // frames rendered (for tests and tuning)
    board.onchange = () => this.schedule();
  }

  schedule() {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
    }
  }

  /** The 1 s timer: time cells only. */
  tick() {
    this.tickDue = true;
    this.schedule();
  }

  render() {
    this.renders++;
    const d = this.board.takeDirty();
    if (d.structure) this.buildSections();
    for (const id of d.agents) this.renderAgent(id);
    for (const name of d.skills) this.renderSkillStats(name);
    if (d.sys) this.renderTotals();
    if (d.waiting) this.renderWaiting();
    if (this.selected && (d.agents.has(this.selected) || this.cardDirty)) {
      this.renderCard();
    }
    this.cardDirty = false;
    if (this.tickDue) {
      this.tickDue = false;
      this.renderTimes();
    }
  }

  /* ---- skills and agent rows ------------------------------------------ */

  buildSections() {
    const tree = this.els.tree;
    for (const sk of this.board.skills.values()) {
      if (this.sections.has(sk.name)) continue;
      const stat = (key, cls) => {
        const value = h('span', { class: 'stat-value', text: '0' });
        const el = h('span', { class: `stat ${cls || ''}` },
          h('span', { class: 'stat-label', 'data-i18n': key, text: t(key) }),
          value);
        return { el, value };
      };
      const stats = {
        queue: stat('queue', 'stat-queue'),
        longest: stat('longestWait'),
        free: stat('free', 'stat-free'),
        signedIn: stat('signedIn'),
        talking: stat('talking'),
        sl: stat('serviceLevel', 'stat-na'),
      };
      stats.sl.value.textContent = t('slNA');
      stats.sl.el.dataset.i18nTitle = 'slNATitle';
      stats.sl.el.title = t('slNATitle');
      const tbody = h('tbody');
      const empty = h('tr', { class: 'empty' },
        h('td', { colspan: '7', 'data-i18n': 'noAgents', text: t('noAgents') }));
      tbody.append(empty);
      const headId = `skill-${this.sections.size}`;
      const root = h('details', { class: 'skill', open: true,
        dataset: { skill: sk.name } },
      h('summary', {},
        h('span', { class: 'skill-name', id: headId, text: sk.name }),
        h('span', { class: 'stats' }, stats.queue.el, stats.longest.el,
          stats.free.el, stats.signedIn.el, stats.talking.el, stats.sl.el)),
      h('table', { class: 'agents', 'aria-labelledby': headId },
        h('thead', {}, h('tr', {},
          ...['colAgent', 'colDn', 'colState', 'colTime', 'colOther',
            'colCalls', 'colPriv'].map((k) => h('th', { scope: 'col',
            'data-i18n': k, text: t(k) })))),
        tbody));
      tree.append(root);
      this.sections.set(sk.name, { root, stats, tbody, rows: new Map(),
        empty });
    }
  }

  makeRow(id) {
    const btn = h('button', { type: 'button', class: 'agent-btn',
      'aria-pressed': 'false', text: id,
      onclick: () => this.on.select(id) });
    const cells = {
      dn: h('td', { class: 'dn' }),
      badge: h('span', { class: 'badge' }),
      time: h('td', { class: 'time' }),
      other: h('td', { class: 'other' }),
      calls: h('td', { class: 'calls' }),
      priv: h('td', { class: 'priv' }),
    };
    const tr = h('tr', { dataset: { agent: id } },
      h('th', { scope: 'row' }, btn), cells.dn, h('td', { class: 'state' },
        cells.badge), cells.time, cells.other, cells.calls, cells.priv);
    return { tr, btn, ...cells, state: -1, timeText: '' };
  }

  /** Puts row r of agent id in tbody in id order. */
  static insertSorted(sec, id, r) {
    let before = null;
    for (const [other, or] of sec.rows) {
      if (compareIds(other, id) > 0 &&
          (!before || compareIds(other, before.id) < 0)) {
        before = { id: other, tr: or.tr };
      }
    }
    sec.tbody.insertBefore(r.tr, before ? before.tr : null);
  }

  renderAgent(id) {
    const a = this.board.agents.get(id);
    for (const [name, sec] of this.sections) {
      const member = a && a.skills.has(name);
      let r = sec.rows.get(id);
      if (!member) {
        if (r) {
          r.tr.remove();
          sec.rows.delete(id);
          sec.empty.hidden = sec.rows.size > 0;
        }
        continue;
      }
      if (!r) {
        r = this.makeRow(id);
        BoardView.insertSorted(sec, id, r);
        sec.rows.set(id, r);
        sec.empty.hidden = true;
      }
      this.fillRow(r, a);
    }
  }

  fillRow(r, a) {
    if (r.state !== a.state) {
      r.state = a.state;
      r.tr.className = `cat-${STATE_FAMILY[a.state] || 'off'}`;
      r.tr.dataset.state = String(a.state);
      setText(r.badge, stateName(a.state));
    }
    const isMe = a.id === this.board.me;
    setText(r.btn, isMe ? `${a.id} (${t('me')})` : a.id);
    r.btn.setAttribute('aria-pressed', String(a.id === this.selected));
    r.tr.classList.toggle('selected', a.id === this.selected);
    setText(r.dn, a.dn);
    setText(r.other, a.otherParty);
    setText(r.calls, a.info ? `${a.info.answerTimes}/${a.info.callTimes}` :
      '');
    const priv = a.info ? a.info.privQueueNum : 0;
    setText(r.priv, priv ? String(priv) : '');
    r.priv.classList.toggle('has-priv', priv > 0);
    r.tr.hidden = this.rowHidden(a);
    this.fillTime(r, a);
  }

  rowHidden(a) {
    if (this.hideOff && a.state === UNLOGIN) return true;
    return !!this.filter && !a.id.includes(this.filter);
  }

  fillTime(r, a) {
    const text = a.sinceMs ? formatDuration(this.board.now() - a.sinceMs) : '';
    if (r.timeText !== text) {
      r.timeText = text;
      r.time.textContent = text;
    }
  }

  renderSkillStats(name) {
    const sec = this.sections.get(name);
    const sk = this.board.skills.get(name);
    if (!sec || !sk) return;
    const st = this.board.skillStats(name);
    setText(sec.stats.queue.value, String(sk.queue));
    sec.stats.queue.el.classList.toggle('alert', sk.queue > 0);
    setText(sec.stats.longest.value, sk.calls.length ?
      formatDuration(st.longestMs) : '—');
    // Ready members from the events: OnQueueChanged's freenumber comes only
    // when the queue changes, not when an agent goes Ready or Busy
    setText(sec.stats.free.value, String(st.ready));
    setText(sec.stats.signedIn.value, String(st.signedIn));
    setText(sec.stats.talking.value, String(st.talking));
  }

  renderTimes() {
    for (const sec of this.sections.values()) {
      for (const [id, r] of sec.rows) {
        const a = this.board.agents.get(id);
        if (a) this.fillTime(r, a);
      }
    }
    for (const [name, sk] of this.board.skills) {
      if (sk.calls.length) this.renderSkillStats(name);
    }
    const now = this.board.now();
    for (const w of this.waitRows.values()) {
      setText(w.wait, formatDuration(now - w.call.startTime / 1000));
    }
    if (this.selected) this.renderCardTime();
  }

  /** Filter text or "hide signed out" changed: every row's visibility. */
  refilter() {
    for (const sec of this.sections.values()) {
      for (const [id, r] of sec.rows) {
        const a = this.board.agents.get(id);
        if (a) r.tr.hidden = this.rowHidden(a);
      }
    }
  }

  /** The language changed: every text that is not [data-i18n]. */
  relabel() {
    for (const sec of this.sections.values()) {
      sec.stats.sl.value.textContent = t('slNA');
      for (const [id, r] of sec.rows) {
        r.state = -1;
        const a = this.board.agents.get(id);
        if (a) this.fillRow(r, a);
      }
    }
    this.cardDirty = true;
    this.board.dirtySys = true;
    this.schedule();
  }

  /* ---- totals ---------------------------------------------------------- */

  renderTotals() {
    const si = this.board.sys || {};
    for (const el of this.els.totals.querySelectorAll('[data-total]')) {
      const v = si[el.dataset.total];
      setText(el, v === undefined ? '—' : String(v));
    }
  }

  /* ---- waiting calls ---------------------------------------------------- */

  renderWaiting() {
    const tbody = this.els.waiting.querySelector('tbody');
    const empty = this.els.waiting.querySelector('.empty-note');
    const calls = this.board.waitingCalls();
    const seen = new Set();
    const now = this.board.now();
    calls.forEach((c, i) => {
      const key = `${c.skill}|${c.callId}`;
      seen.add(key);
      let w = this.waitRows.get(key);
      if (!w) {
        const wait = h('td', { class: 'time' });
        const jump = h('button', { type: 'button', class: 'small',
          'data-i18n': 'JumptheQueue', text: t('JumptheQueue'),
          onclick: () => this.on.jump(w.call.requestId) });
        const tr = h('tr', { dataset: { call: c.callId, skill: c.skill } },
          h('td', { text: c.skill }), h('td', { text: c.origCaller }),
          h('td', { text: c.origCallee }), wait,
          h('td', { class: 'mono', text: c.callId }), h('td', {}, jump));
        w = { tr, wait, call: c };
        this.waitRows.set(key, w);
      }
      w.call = c;
      setText(w.wait, formatDuration(now - c.startTime / 1000));
      if (tbody.children[i] !== w.tr) {
        tbody.insertBefore(w.tr, tbody.children[i] || null);
      }
    });
    for (const [key, w] of this.waitRows) {
      if (!seen.has(key)) {
        w.tr.remove();
        this.waitRows.delete(key);
      }
    }
    empty.hidden = calls.length > 0;
    setText(this.els.waitingCount, String(calls.length));
  }

  /* ---- the selected agent's card ---------------------------------------- */

  select(id) {
    const prev = this.selected;
    this.selected = id;
    for (const aid of [prev, id]) {
      if (aid) this.board.dirtyAgents.add(aid);
    }
    this.cardDirty = true;
    this.schedule();
  }

  renderCard() {
    const card = this.els.card;
    const a = this.board.agents.get(this.selected);
    const f = (name) => card.querySelector(`[data-field="${name}"]`);
    card.dataset.agent = this.selected;
    if (!a) return;
    card.className = `panel card cat-${STATE_FAMILY[a.state] || 'off'}`;
    setText(f('id'), a.id);
    setText(f('dn'), a.dn);
    setText(f('state'), stateName(a.state));
    f('state').dataset.state = String(a.state);
    setText(f('other'), a.otherParty || '—');
    setText(f('callId'), a.callId || '—');
    const info = a.info;
    setText(f('login'), info && info.loginTime ?
      fmtClock(info.loginTime * 1000) : '—');
    setText(f('answers'), info ? `${info.answerTimes} / ${info.callTimes}` :
      '—');
    setText(f('talkTotal'), info ?
      formatDuration(info.answerTotalTime * 1000) : '—');
    setText(f('freeTotal'), info ?
      formatDuration(info.freeTotalTime * 1000) : '—');
    setText(f('busyTotal'), info ?
      formatDuration(info.busyTotalTime * 1000) : '—');
    this.renderCardTime();
    this.renderPrivQueue(a);
    this.on.cardRendered(a);
  }

  renderCardTime() {
    const a = this.board.agents.get(this.selected);
    const el = this.els.card.querySelector('[data-field="time"]');
    if (a && el) {
      setText(el, a.sinceMs ? formatDuration(this.board.now() - a.sinceMs) :
        '');
    }
  }

  renderPrivQueue(a) {
    const list = this.els.card.querySelector('.priv-queue');
    const items = a.privQueue || [];
    list.replaceChildren(...items.map((c) => h('li', {},
      h('span', { class: 'mono', text: c.callId }), ' ',
      h('span', { text: `${c.origCaller} → ${c.origCallee}` }), ' ',
      h('button', { type: 'button', class: 'small',
        'data-i18n': 'JumptheQueue', text: t('JumptheQueue'),
        onclick: () => this.on.jump(c.requestId) }))));
    this.els.card.querySelector('.priv-empty').hidden = items.length > 0;
  }
}
