// monitor.js — the supervisor wallboard (/monitor): a monitor agent signs
// in over /ws, subscribes to the skills' events (Monitor.Subscribe) and
// sees every agent's state live; the initial picture and the figures that
// have no event (counters, waiting calls, totals) come from the manual's
// queries, re-asked when an event says they changed. No polling: the only
// timers are the 1 s time-in-state counter and the 10 s Heartbeat.
import { JsonRpcSocket, RpcError } from './jsonrpc.js';
import { applyTexts, getLang, setLang, stateName, t, STATE_FAMILY,
  STATE_NAMES } from './monitor/i18n.js';
import { Board, CALL_STATES, FORCEABLE, LISTENABLE, SUPERVISED, UNLOGIN,
  formatDuration, parseData, skillNames } from './monitor/model.js';
import { BoardView, h } from './monitor/board.js';

const HEARTBEAT_MS = 10000;
const STORE_KEY = 'callcloud.monitor';
const $ = (id) => document.getElementById(id);

const board = new Board();
let view = null;
let rpc = null;
let heartbeat = 0;
let ticker = 0;
let watched = [];
let me = { id: '', dn: '', state: 0, sinceMs: 0 };

/* ---- small helpers ------------------------------------------------------ */

function clock(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Runs fn at most once per `gap` ms; a trigger while it runs runs it again
 * afterwards, so the last trigger is always followed by a fresh answer. */
function coalesce(fn, gap) {
  let timer = 0;
  let running = false;
  let again = false;
  const run = async () => {
    timer = 0;
    running = true;
    again = false;
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof RpcError)) console.warn(e);
    }
    running = false;
    if (again) trigger();
  };
  function trigger() {
    if (running) {
      again = true;
    } else if (!timer) {
      timer = setTimeout(run, gap);
    }
  }
  return trigger;
}

function resultText(method, r) {
  if (r instanceof Error) {
    return { ok: false, text: `${method}: ${r.code ? `JSON-RPC ${r.code} ` :
      ''}${r.message}` };
  }
  if (r.code === 0) return { ok: true, text: `${method}: ${t('code')} 0 ${t('ok')}` };
  return { ok: false, text: `${method}: ${t('code')} ${r.code} ${r.message || ''}` };
}

function showResult(el, method, r) {
  const { ok, text } = resultText(method, r);
  el.textContent = text;
  el.className = `result ${ok ? 'ok' : 'err'}`;
  el.dataset.code = r instanceof Error ? String(r.code) : String(r.code);
  return ok;
}

function defaultCti() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

function saveForm() {
  const v = {
    agent: $('f-agent').value, dn: $('f-dn').value, skills: $('f-skills').value,
    watch: $('f-watch').value, lang: getLang(),
    // the address is kept only when it is not the page's own
    cti: $('f-cti').value.trim() !== defaultCti() ? $('f-cti').value.trim() : '',
  };
  try { localStorage.setItem(STORE_KEY, JSON.stringify(v)); } catch { /* private mode */ }
}

function loadForm() {
  let v = {};
  try { v = JSON.parse(localStorage.getItem(STORE_KEY) || '{}') || {}; } catch { v = {}; }
  if (v.agent) $('f-agent').value = v.agent;
  if (v.dn) $('f-dn').value = v.dn;
  if (v.skills) $('f-skills').value = v.skills;
  if (v.watch) $('f-watch').value = v.watch;
  $('f-cti').value = v.cti || defaultCti();
  if (v.lang) setLang(v.lang);
}

/* ---- queries (asked when an event says their answer changed) ------------ */

async function query(method, params) {
  if (!rpc || !rpc.isOpen) return null;
  return rpc.call(method, params);
}

const refreshMembers = coalesce(async () => {
  await Promise.all(watched.map((skill) =>
    query('GetAgentDetailsBySkill', { skill }).then((r) => {
      const list = parseData(r);
      if (Array.isArray(list)) board.setMembers(skill, list);
    })));
}, 150);

const waitingTriggers = new Map();
function refreshWaiting(skill) {
  let trig = waitingTriggers.get(skill);
  if (!trig) {
    trig = coalesce(async () => {
      const [n, calls] = await Promise.all([
        query('GetSkillWaitingNumber', { skill }),
        query('GetSkillWaitingCallInfo', { skill })]);
      const num = parseData(n);
      if (num) board.setQueue(skill, num.queuenumber, num.freenumber);
      const list = parseData(calls);
      if (Array.isArray(list)) board.setWaiting(skill, list);
    }, 100);
    waitingTriggers.set(skill, trig);
  }
  trig();
}

const refreshSys = coalesce(async () => {
  const si = parseData(await query('GetSysInfo'));
  if (si) board.setSys(si);
}, 300);

const infoIds = new Set();
const refreshInfosNow = coalesce(async () => {
  const ids = [...infoIds];
  infoIds.clear();
  if (!ids.length) return;
  const list = parseData(await query('GetAgentDetailsByAgentIDs',
    { AgentIDs: ids.join(';') }));
  if (Array.isArray(list)) for (const info of list) board.applyInfo(info);
}, 300);
function refreshInfo(id) {
  infoIds.add(id);
  refreshInfosNow();
}

const refreshPriv = coalesce(async () => {
  const id = view && view.selected;
  if (!id) return;
  const list = parseData(await query('GetPrivateQueue', { AgentID: id }));
  if (Array.isArray(list)) board.setPrivQueue(id, list);
}, 100);

function refreshAll() {
  refreshMembers();
  for (const s of watched) refreshWaiting(s);
  refreshSys();
  refreshPriv();
}

/* ---- events -------------------------------------------------------------- */

function onNotification(method, p) {
  if (method === 'OnQueueChanged') {
    board.setQueue(p.skill, p.queuenumber, p.freenumber);
    refreshWaiting(p.skill);
    refreshSys();
    return;
  }
  if (typeof p.agentStatus !== 'number' || !p.agentId) return;  // other events
  const { known, prev, state } = board.applyEvent(p);
  if (p.agentId === me.id) {
    me.state = state;
    me.sinceMs = board.agents.get(me.id).sinceMs;
    renderMe();
  }
  // who is in which skill, and the counters: asked again when they change
  if (!known || prev === UNLOGIN || prev === 0) refreshMembers();
  if (CALL_STATES.has(prev) !== CALL_STATES.has(state) || !known ||
      state === UNLOGIN) {
    refreshInfo(p.agentId);
    refreshSys();
  }
  if (view && view.selected === p.agentId) refreshPriv();
}

/* ---- the monitor's own line ----------------------------------------------- */

function renderMe() {
  $('me-id').textContent = `${me.id} · ${me.dn}`;
  const badge = $('me-state');
  badge.textContent = stateName(me.state);
  badge.className = `badge cat-${STATE_FAMILY[me.state] || 'off'}`;
  $('me-time').textContent = me.sinceMs ? formatDuration(board.now() - me.sinceMs) : '';
}

/* ---- actions --------------------------------------------------------------- */

let logCount = 0;
async function act(method, params) {
  const out = $('result');
  let r;
  try {
    r = await rpc.call(method, params);
  } catch (e) {
    r = e;
  }
  const ok = showResult(out, method + (params && params.AgentID ? ` ${params.AgentID}` : ''), r);
  const li = h('li', { class: ok ? 'ok' : 'err' },
    h('time', { text: clock(new Date()) }), ' ',
    resultText(method + (params && params.AgentID ? ` ${params.AgentID}` : ''), r).text);
  const log = $('log');
  log.prepend(li);
  if (++logCount > 50) log.lastElementChild.remove();
  return r;
}

function updateActionButtons(a) {
  const s = a ? a.state : 0;
  const self = a && a.id === me.id;
  const allowed = {
    Listen: LISTENABLE.has(s),
    Insert: LISTENABLE.has(s),
    SwitchInsertorListen: SUPERVISED.has(s),
    StopListen: SUPERVISED.has(s),
    StopInsert: SUPERVISED.has(s),
    Break: CALL_STATES.has(s),
    ForceIdle: FORCEABLE.has(s),
    ForceBusy: FORCEABLE.has(s),
    ForceOut: FORCEABLE.has(s),
  };
  for (const b of document.querySelectorAll('#actions [data-action]')) {
    b.disabled = !a || self || !allowed[b.dataset.action];
  }
}

function onAction(ev) {
  const btn = ev.target.closest('[data-action]');
  if (!btn || !view.selected) return;
  const method = btn.dataset.action;
  const params = { AgentID: view.selected };
  if (method === 'Listen' || method === 'Insert') {
    params.showANI = '';
    params.showDest = '';
  }
  act(method, params);
}

/* ---- sign-in ---------------------------------------------------------------- */

function showBoard() {
  $('signin').hidden = true;
  $('board').hidden = false;
  $('me').hidden = false;
  $('banner').hidden = true;
}

function showSignin() {
  $('board').hidden = true;
  $('me').hidden = true;
  $('signin').hidden = false;
  $('signin-btn').disabled = false;
  $('signin-btn').textContent = t('signin');
}

function stopTimers() {
  clearInterval(heartbeat);
  clearInterval(ticker);
  heartbeat = 0;
  ticker = 0;
}

function onClose() {
  stopTimers();
  $('conn').textContent = t('disconnected');
  $('conn').className = 'conn down';
  $('banner').hidden = false;
  document.body.classList.add('offline');
}

async function signIn(ev) {
  ev.preventDefault();
  const out = $('signin-result');
  const form = {
    agent: $('f-agent').value.trim(), password: $('f-password').value,
    dn: $('f-dn').value.trim(), skills: $('f-skills').value.trim(),
    cti: $('f-cti').value.trim(),
  };
  for (const [k, id] of [['agent', 'f-agent'], ['password', 'f-password'],
    ['dn', 'f-dn'], ['skills', 'f-skills'], ['cti', 'f-cti']]) {
    if (!form[k]) {
      out.textContent = `${$(id).labels[0].textContent}?`;
      out.className = 'result err';
      $(id).focus();
      return;
    }
  }
  watched = skillNames($('f-watch').value || form.skills);
  saveForm();
  const btn = $('signin-btn');
  btn.disabled = true;
  btn.textContent = t('signingIn');
  out.textContent = '';
  if (rpc) rpc.close();
  rpc = new JsonRpcSocket({ timeout: 10000 });
  rpc.onnotification = onNotification;
  rpc.onclose = onClose;
  try {
    await rpc.connect(form.cti);
    const r = await rpc.call('SignIn', {
      AgentID: form.agent, PassWord: form.password, DN: form.dn,
      StatusChangeType: $('f-busy').checked ? 1 : 0,
      AutoAnswer: $('f-autoanswer').checked ? 1 : 0,
      ForceSignIn: $('f-force').checked ? 1 : 0,
      ServiceList: form.skills,
    });
    if (!showResult(out, 'SignIn', r)) throw null;
    me = { id: form.agent, dn: form.dn, state: r.agentStatus, sinceMs: board.now() };
    const tm = await rpc.call('SynchronizeCTITime');
    if (tm && tm.code === 0) board.syncClock(tm.time);
    const sub = await rpc.call('Monitor.Subscribe', { skills: watched });
    if (!showResult(out, 'Monitor.Subscribe', sub)) {
      await rpc.call('SignOut').catch(() => {});
      throw null;
    }
  } catch (e) {
    if (e) showResult(out, 'SignIn', e);
    if (rpc) { rpc.onclose = null; rpc.close(); }
    rpc = null;
    btn.disabled = false;
    btn.textContent = t('signin');
    return;
  }
  $('f-password').value = '';
  board.me = me.id;
  board.setSkills(watched);
  $('reset-skills').value = form.skills;
  $('conn').textContent = t('connected');
  $('conn').className = 'conn up';
  document.body.classList.remove('offline');
  showBoard();
  renderMe();
  refreshAll();
  heartbeat = setInterval(() => {
    if (rpc && rpc.isOpen) rpc.call('Heartbeat').catch(() => {});
  }, HEARTBEAT_MS);
  ticker = setInterval(() => {
    view.tick();
    renderMe();
  }, 1000);
}

/* ---- wiring ------------------------------------------------------------------ */

function buildLegend() {
  const seen = new Set();
  const items = [];
  STATE_NAMES.zh.forEach((_, n) => {
    const fam = STATE_FAMILY[n];
    if (n === 0 || seen.has(fam)) return;
    seen.add(fam);
    const names = STATE_FAMILY.map((f, i) => (f === fam && i ? stateName(i) : null))
      .filter(Boolean).join(' / ');
    items.push(h('li', {}, h('span', { class: `swatch cat-${fam}`,
      'aria-hidden': 'true' }), names));
  });
  $('legend').replaceChildren(...items);
  $('legend').setAttribute('aria-label', t('legend'));
}

function relabel() {
  applyTexts(document);
  buildLegend();
  if (view) view.relabel();
  if (me.id) renderMe();
  $('conn').textContent = rpc && rpc.isOpen ? t('connected') : (me.id ? t('disconnected') : '');
  if (!$('signin-btn').disabled) $('signin-btn').textContent = t('signin');
}

function init() {
  loadForm();
  view = new BoardView(board, {
    tree: $('tree'), totals: $('totals'), waiting: $('waiting'),
    waitingCount: $('waiting-count'), card: $('card'),
  }, {
    select: (id) => {
      view.select(id);
      refreshPriv();
    },
    jump: (requestId) => act('JumptheQueue', { requestId }),
    cardRendered: (a) => {
      $('card-none').hidden = true;
      $('card-body').hidden = false;
      updateActionButtons(a);
    },
  });
  window.callcloudBoard = { board, view };   // for tests and the console
  $('signin-form').addEventListener('submit', signIn);
  $('actions').addEventListener('click', onAction);
  $('me-idle').addEventListener('click', () => act('SetIdle'));
  $('me-busy').addEventListener('click', () => act('SetBusy'));
  $('me-signout').addEventListener('click', async () => {
    await act('SignOut');
    stopTimers();
    if (rpc) { rpc.onclose = null; rpc.close(); }
    rpc = null;
    location.reload();
  });
  $('reset-skill-btn').addEventListener('click', () =>
    act('ResetSkill', { SkillList: $('reset-skills').value.trim() }).then((r) => {
      // no event tells which skills an agent has: ask again
      if (r && r.code === 0) refreshMembers();
    }));
  $('refresh').addEventListener('click', refreshAll);
  $('reconnect').addEventListener('click', () => location.reload());
  $('filter').addEventListener('input', (e) => {
    view.filter = e.target.value.trim();
    view.refilter();
  });
  $('hide-off').addEventListener('change', (e) => {
    view.hideOff = e.target.checked;
    view.refilter();
  });
  $('lang').addEventListener('click', () => {
    setLang(getLang() === 'zh' ? 'en' : 'zh');
    saveForm();
    relabel();
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && view) view.tick();
  });
  relabel();
  updateActionButtons(null);
  $('f-password').focus();
}

init();
