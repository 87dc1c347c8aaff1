// admin.js — the admin console (/admin): Admin.Login over /ws, then one
// tab per part of the directory (agents, skills, monitors' skills, phones,
// routes, rest reasons, IVR flows), the CDR and the admin's own password. Every change is an Admin.* call; its
// code and message are shown next to the form that made it.
import { JsonRpcSocket } from './jsonrpc.js';
import { applyTexts, getLang, setLang, t } from './admin/i18n.js';
import { h, showResult } from './admin/ui.js';
import { createAgentsTab } from './admin/agents.js';
import { createSkillsTab } from './admin/skills.js';
import { createPhonesTab, createRoutesTab, createRestTab, createMonitorSkillsTab } from './admin/lists.js';
import { createAccountTab } from './admin/account.js';
import { createIvrTab } from './admin/ivr.js';
import { createCdrTab } from './admin/cdr.js';

const HEARTBEAT_MS = 10000;
const STORE_KEY = 'callcloud.admin';
const $ = (id) => document.getElementById(id);

let rpc = null;
let heartbeat = 0;

/** The console's shared state and its one way to the server. */
const ctx = {
  skills: [],
  agents: [],
  flows: [],
  /** Resolves with the result, or with {code, message} for a JSON-RPC
   * error or a lost connection (never rejects). */
  async call(method, params) {
    if (!rpc || !rpc.isOpen) return { code: -1, message: t('disconnected') };
    try {
      return await rpc.call(method, params);
    } catch (e) {
      return { code: e.code || -1, message: e.code ? `JSON-RPC ${e.code}: ${e.message}` : e.message };
    }
  },
  async loadSkills() {
    const r = await ctx.call('Admin.ListSkills');
    if (r.code === 0) ctx.skills = r.data;
    return r;
  },
  async loadAgents() {
    const r = await ctx.call('Admin.ListAgents');
    if (r.code === 0) ctx.agents = r.data;
    return r;
  },
  async loadFlows() {
    const r = await ctx.call('Admin.ListIvrFlows');
    if (r.code === 0) ctx.flows = r.data;
    return r;
  },
};

function defaultCti() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

let tabs = [];
let current = null;

function buildTabs() {
  tabs = [createAgentsTab(ctx), createSkillsTab(ctx), createMonitorSkillsTab(ctx),
    createPhonesTab(ctx), createRoutesTab(ctx), createRestTab(ctx), createIvrTab(ctx),
    createCdrTab(ctx), createAccountTab(ctx)];
  const list = $('tablist');
  const panels = $('panels');
  for (const tab of tabs) {
    tab.button = h('button', { type: 'button', role: 'tab', id: `tab-${tab.id}`,
      'aria-controls': `panel-${tab.id}`, 'aria-selected': 'false', tabindex: '-1',
      'data-i18n': tab.labelKey, text: t(tab.labelKey), onclick: () => show(tab) });
    tab.panel.id = `panel-${tab.id}`;
    tab.panel.setAttribute('role', 'tabpanel');
    tab.panel.setAttribute('aria-labelledby', `tab-${tab.id}`);
    tab.panel.hidden = true;
    list.append(tab.button);
    panels.append(tab.panel);
  }
  // arrow keys move between tabs (WAI-ARIA tabs pattern)
  list.addEventListener('keydown', (ev) => {
    const i = tabs.indexOf(current);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
    if (to === undefined) return;
    ev.preventDefault();
    const tab = tabs[(to + tabs.length) % tabs.length];
    show(tab);
    tab.button.focus();
  });
}

async function show(tab) {
  if (current === tab) return;
  current = tab;
  for (const x of tabs) {
    const on = x === tab;
    x.button.setAttribute('aria-selected', String(on));
    x.button.tabIndex = on ? 0 : -1;
    x.panel.hidden = !on;
  }
  location.hash = tab.id;
  await tab.load();
}

function onClose() {
  clearInterval(heartbeat);
  heartbeat = 0;
  $('conn').textContent = t('disconnected');
  $('conn').className = 'conn down';
  $('banner').hidden = false;
  document.body.classList.add('offline');
}

async function login(ev) {
  ev.preventDefault();
  const out = $('login-result');
  const user = $('l-user').value.trim();
  const password = $('l-password').value;
  const cti = $('l-cti').value.trim();
  if (!user || !password || !cti) {
    const el = !user ? $('l-user') : !password ? $('l-password') : $('l-cti');
    out.textContent = `${el.labels[0].textContent}?`;
    out.className = 'result err';
    el.focus();
    return;
  }
  // the address is kept only when it is not the page's own
  const keep = cti !== defaultCti() ? cti : '';
  try { localStorage.setItem(STORE_KEY, JSON.stringify({ user, cti: keep, lang: getLang() })); } catch { /* */ }
  const btn = $('login-btn');
  btn.disabled = true;
  btn.textContent = t('loggingIn');
  rpc = new JsonRpcSocket({ timeout: 15000 });
  rpc.onclose = onClose;
  let r;
  try {
    await rpc.connect(cti);
    r = await rpc.call('Admin.Login', { user, password });
  } catch (e) {
    r = e;
  }
  btn.disabled = false;
  btn.textContent = t('login');
  if (!showResult(out, 'Admin.Login', r)) {
    if (rpc) { rpc.onclose = null; rpc.close(); }
    rpc = null;
    $('l-password').select();
    return;
  }
  $('l-password').value = '';
  $('login').hidden = true;
  $('console').hidden = false;
  $('who').hidden = false;
  $('who').textContent = user;
  $('logout').hidden = false;
  $('conn').textContent = t('connected');
  $('conn').className = 'conn up';
  heartbeat = setInterval(() => {
    if (rpc && rpc.isOpen) rpc.call('Heartbeat').catch(() => {});
  }, HEARTBEAT_MS);
  const want = tabs.find((x) => `#${x.id}` === location.hash) || tabs[0];
  await show(want);
  want.button.focus();
}

function relabel() {
  applyTexts(document);
  for (const tab of tabs) tab.relabel();
  if (rpc) $('conn').textContent = rpc.isOpen ? t('connected') : t('disconnected');
}

function init() {
  let saved = {};
  try { saved = JSON.parse(localStorage.getItem(STORE_KEY) || '{}') || {}; } catch { saved = {}; }
  if (saved.lang) setLang(saved.lang);
  if (saved.user) $('l-user').value = saved.user;
  $('l-cti').value = saved.cti || defaultCti();
  buildTabs();
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', () => {
    if (rpc) { rpc.onclose = null; rpc.close(); }
    location.reload();
  });
  $('relogin').addEventListener('click', () => location.reload());
  $('lang').addEventListener('click', () => {
    setLang(getLang() === 'zh' ? 'en' : 'zh');
    try {
      const v = JSON.parse(localStorage.getItem(STORE_KEY) || '{}') || {};
      localStorage.setItem(STORE_KEY, JSON.stringify({ ...v, lang: getLang() }));
    } catch { /* */ }
    relabel();
  });
  relabel();
  $('l-password').focus();
}

init();
