// toolbar.js — the interface mode (有界面模式) of the manual in the browser:
// a sign-in form with the manual's properties, then one bar whose buttons
// are enabled by the agent's state (toolbar/buttons.js), the current call's
// numbers and data, and an event log. With ?embed=1 it fits a 90 px iframe
// and posts every event to the parent page (docs/web.md "Embedding").
//
// Page options in the query string: any of the manual's properties
// (AgentID, DN, ServiceList, MainCTIIP, CTIPort, IsShowCallOut,
// EnableSeniorCall ...), embed=1, parentOrigin (postMessage target, and the
// only origin whose commands are taken), lang=en, CallDataKeys=k1,k2.
import { AgentBar } from './agentbar.js';
import { As, BUTTONS, buttonShown, enabledButtons } from './toolbar/buttons.js';
import { LABELS, STATE_NAMES } from './toolbar/labels.js';

const STORE_KEY = 'callcloud.toolbar';
const LOG_MAX = 200;
// properties the form edits; remembered in localStorage except passwords
const FORM_PROPS = ['AgentID', 'PassWord', 'DN', 'ServiceList', 'MainCTIIP',
  'BackCTIIP', 'CTIPort', 'StatusChangeType', 'AutoAnswer', 'IsSIPPhone',
  'SIPServerIP', 'SIPServerPort', 'PhoneNum', 'PhonePwd'];
const SECRETS = ['PassWord', 'PhonePwd'];
const MIC_KEY = 'callcloud.microphone';
const STATE_EVENTS = ['OnUnLogin', 'OnReady', 'OnBusy', 'OnRest', 'OnLock',
  'OnAlerting', 'OnHarfAlerting', 'OnConnecting', 'OnConnected',
  'OnHarfConnected', 'OnInternalConnected', 'OnSuspended',
  'OnConsultConnecting', 'OnConsultConnected', 'OnConference', 'OnMonitor',
  'OnInsert', 'OnMonitored', 'OnInserted'];
const OTHER_EVENTS = ['OnBeginRecord', 'OnEndRecord', 'OnInprivatequeue',
  'OnOutprivatequeue', 'OnCTIDisconnect', 'OnMasterChanged',
  'OnOperationFailed', 'OnBeforeOutCall'];

const query = new URLSearchParams(location.search);
const embed = query.get('embed') === '1';
const parentOrigin = query.get('parentOrigin');
const callDataKeys = (query.get('CallDataKeys') || '').split(',')
  .map((k) => k.trim()).filter(Boolean);
const $ = (id) => document.getElementById(id);

const ui = {
  lang: query.get('lang') === 'en' ? 'en' : 'zh',
  state: As.Unknown,
  since: Date.now(),
  muted: false,
  bar: null,
  buttons: new Map(),   // id → <button>
  pending: null,        // the button whose prompt is open
  props: {},
};

function t(key) {
  return LABELS[ui.lang][key] ?? key;
}

function relabel() {
  document.documentElement.lang = ui.lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-label]')) {
    el.textContent = t(el.dataset.label);
  }
  for (const b of BUTTONS) {
    const el = ui.buttons.get(b.id);
    if (el) el.textContent = t(b.id === 'mute' && ui.muted ? 'unmute' : b.id);
  }
  showState();
}

// ---- the sign-in form ----------------------------------------------------

function loadProps() {
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(STORE_KEY) || '{}');
  } catch { /* a damaged entry is ignored */ }
  const props = {
    MainCTIIP: location.hostname,
    CTIPort: Number(location.port) || (location.protocol === 'https:' ? 443 : 80),
    StatusChangeType: 0, AutoAnswer: 0, IsShowCallOut: 1, EnableSeniorCall: 1,
    // the page's own server serves SIP over WebSocket at /sip
    IsSIPPhone: 0, SIPServerIP: location.hostname,
    SIPServerPort: Number(location.port) ||
      (location.protocol === 'https:' ? 443 : 80),
    ...saved,
  };
  for (const [k, v] of query) {
    if (k in props || FORM_PROPS.includes(k) || /^[A-Z]/.test(k)) props[k] = v;
  }
  // never from a URL: it would end up in logs
  for (const k of SECRETS) delete props[k];
  return props;
}

function fillForm(props) {
  const form = $('signin');
  for (const name of FORM_PROPS) {
    const el = form.elements[name];
    if (!el || props[name] === undefined) continue;
    if (el.type === 'checkbox') el.checked = !!Number(props[name]);
    else el.value = props[name];
  }
}

function readForm() {
  const form = $('signin');
  const props = { ...ui.props };
  for (const name of FORM_PROPS) {
    const el = form.elements[name];
    props[name] = el.type === 'checkbox' ? (el.checked ? 1 : 0) : el.value.trim();
  }
  props.CTIPort = Number(props.CTIPort);
  props.StatusChangeType = Number(props.StatusChangeType);
  props.SIPServerPort = Number(props.SIPServerPort) || 5060;
  if (!props.PhoneNum) props.PhoneNum = props.DN;
  const kept = { ...props };
  for (const k of SECRETS) delete kept[k];
  localStorage.setItem(STORE_KEY, JSON.stringify(kept));
  return props;
}

async function prompt(code) {
  try {
    return await ui.bar.GetPromptByErrorCode(code);
  } catch {
    return '';
  }
}

async function signIn(ev) {
  ev.preventDefault();
  const props = readForm();
  $('signin-error').textContent = '';
  $('signin-submit').disabled = true;
  if (ui.bar) ui.bar.UnInitial();
  if (props.IsSIPPhone && !(await microphoneAllowed())) {
    $('signin-error').textContent = t('micRefused');
    $('signin-submit').disabled = false;
    return;
  }
  ui.bar = new AgentBar({ ...props, IsInitial: 0, IsSignIn: 0 },
    { audioInput: localStorage.getItem(MIC_KEY) ?? '' });
  window.callcloudBar = ui.bar;   // for the integrator's own scripts
  listen(ui.bar);
  let code = await ui.bar.Initial();
  if (code === 0) code = await ui.bar.SignIn();
  $('signin-submit').disabled = false;
  if (code !== 0) {
    $('signin-error').textContent = `${code} ${await prompt(code)}`;
    return;
  }
  ui.props = props;
  $('signin').hidden = true;
  $('bar').hidden = false;
  $('agent').textContent = `${props.AgentID} / ${props.DN}`;
  if (props.IsSIPPhone) await showMicrophones();
  const first = [...ui.buttons.values()].find((b) => !b.disabled);
  if (first) first.focus();
}

// ---- the integrated softphone's microphone --------------------------------

// Asked at sign-in rather than when the first call rings, so the browser's
// permission prompt never holds up an answer.
async function microphoneAllowed() {
  try {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of s.getTracks()) track.stop();
    return true;
  } catch {
    return false;
  }
}

async function showMicrophones() {
  const sel = $('mic');
  const chosen = localStorage.getItem(MIC_KEY) ?? '';
  const devices = (await navigator.mediaDevices.enumerateDevices())
    .filter((d) => d.kind === 'audioinput');
  sel.replaceChildren(new Option(t('micDefault'), ''),
    ...devices.map((d) => new Option(d.label || d.deviceId, d.deviceId)));
  sel.value = devices.some((d) => d.deviceId === chosen) ? chosen : '';
  sel.onchange = () => {
    localStorage.setItem(MIC_KEY, sel.value);
    ui.bar.SetAudioInput(sel.value);
  };
  $('mic-box').hidden = false;
}

// ---- the bar -------------------------------------------------------------

function buildButtons() {
  const box = $('buttons');
  for (const b of BUTTONS) {
    const el = document.createElement('button');
    el.type = 'button';
    el.id = `btn-${b.id}`;
    el.dataset.method = b.method;
    el.title = b.key;
    el.setAttribute('aria-keyshortcuts', b.key);
    el.addEventListener('click', () => press(b));
    box.append(el);
    ui.buttons.set(b.id, el);
  }
}

function showState() {
  const el = $('state');
  el.textContent = STATE_NAMES[ui.lang][ui.state] ?? String(ui.state);
  el.className = `state s${ui.state}`;
  el.dataset.state = String(ui.state);
  const enabled = new Set(enabledButtons(ui.state));
  for (const b of BUTTONS) {
    const btn = ui.buttons.get(b.id);
    btn.hidden = !buttonShown(b, ui.props);
    btn.disabled = !enabled.has(b.id);
  }
  tick();
}

function tick() {
  const s = Math.max(0, Math.floor((Date.now() - ui.since) / 1000));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  $('timer').textContent = `${mm}:${String(s % 60).padStart(2, '0')}`;
}

function log(name, detail) {
  const li = document.createElement('li');
  const time = new Date().toLocaleTimeString();
  const brief = Object.entries(detail || {})
    .filter(([k, v]) => k !== 'args' && v !== '' && v !== 0)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(' ');
  li.textContent = `${time} ${name} ${brief}`;
  const list = $('log');
  list.prepend(li);
  while (list.children.length > LOG_MAX) list.lastChild.remove();
}

async function showCall(detail) {
  $('caller').textContent = detail.otherParty || '';
  $('ani').textContent = detail.originalANI || '';
  $('dnis').textContent = detail.originalDNIS || '';
  const parts = [];
  for (const key of callDataKeys) {
    try {
      const v = await ui.bar.GetCallData(key);
      if (typeof v === 'string' && v) parts.push(`${key}=${v}`);
    } catch { /* not in a call any more */ }
  }
  $('calldata').textContent = parts.join(' ');
}

function onState(name, detail) {
  const state = Number(detail.agentStatus);
  if (state !== ui.state) {
    ui.state = state;
    ui.since = Date.now();
  }
  if (state < As.Lock) {
    ui.muted = false;
    for (const id of ['caller', 'ani', 'dnis', 'calldata']) $(id).textContent = '';
  } else if (state > As.Lock) {
    showCall(detail);   // a transfer or conference changes the other party
  }
  relabel();
}

function post(name, detail) {
  if (!embed || window.parent === window) return;
  window.parent.postMessage({ source: 'callcloud-agentbar', event: name,
    detail: JSON.parse(JSON.stringify(detail ?? {})) }, parentOrigin || '*');
}

function listen(bar) {
  bar.addEventListener('phonering', (e) => {
    $('bar').classList.toggle('ringing', e.detail.ringing);
  });
  for (const name of STATE_EVENTS) {
    bar.addEventListener(name, (e) => {
      log(name, e.detail);
      onState(name, e.detail);
      post(name, e.detail);
    });
  }
  for (const name of OTHER_EVENTS) {
    bar.addEventListener(name, (e) => {
      log(name, e.detail);
      post(name, e.detail);
    });
  }
}

async function result(method, code) {
  const text = code === 0 ? '' : `${method}: ${code} ${await prompt(code)}`;
  $('result').textContent = text;
  if (code !== 0) log(method, { code });
  return code;
}

// what each asking button does with the answer
async function invoke(b, value, type) {
  const bar = ui.bar;
  switch (b.method) {
    case 'SetRest': return bar.SetRest(value);
    case 'MakeCall': return bar.MakeCall(value, '', '', 0, type);
    case 'Consult': return bar.Consult(value, '', '', type);
    case 'SingleStepTransfer':
      return bar.SingleStepTransfer(value, '', '', 0, type);
    case 'TransIVR': return bar.TransIVR(value);
    case 'SendDTMF': return bar.SendDTMF(value);
    default: return bar[b.method]();
  }
}

async function press(b) {
  const btn = ui.buttons.get(b.id);
  if (!ui.bar || btn.disabled || btn.hidden) return;
  if (b.ask) {
    openPrompt(b);
    return;
  }
  if (b.id === 'signin') {
    await result('SignIn', await ui.bar.SignIn());
    return;
  }
  if (b.id === 'mute') {
    const method = ui.muted ? b.toggle : b.method;
    const code = await result(method, await ui.bar[method]());
    if (code === 0) ui.muted = !ui.muted;
    relabel();
    return;
  }
  await result(b.method, await invoke(b));
}

async function openPrompt(b) {
  ui.pending = b;
  const input = $('prompt-input');
  const select = $('prompt-select');
  const type = $('prompt-type');
  $('prompt-label').textContent = t(`ask_${b.ask}`);
  input.value = '';
  select.replaceChildren();
  const reasons = b.ask === 'reason';
  if (reasons) {
    const list = await ui.bar.GetRestReason();
    for (const r of String(list || '').split(';').filter(Boolean)) {
      select.append(new Option(r, r));
    }
  }
  input.hidden = reasons;
  select.hidden = !reasons;
  type.hidden = b.ask !== 'number';
  $('prompt').hidden = false;
  (reasons ? select : input).focus();
}

function closePrompt() {
  ui.pending = null;
  $('prompt').hidden = true;
}

async function submitPrompt(ev) {
  ev.preventDefault();
  const b = ui.pending;
  if (!b) return;
  const value = (b.ask === 'reason' ? $('prompt-select').value
    : $('prompt-input').value).trim();
  const type = Number($('prompt-type').value);
  closePrompt();
  await result(b.method, await invoke(b, value, type));
}

// F1..F10 and Alt+digit, as the buttons' titles say; not while typing
function onKey(ev) {
  if ($('bar').hidden || ev.target.closest('input, select')) return;
  const name = ev.altKey ? `Alt+${ev.key}` : ev.key;
  const b = BUTTONS.find((x) => x.key === name);
  if (!b) {
    if (ev.key === 'Escape') closePrompt();
    return;
  }
  ev.preventDefault();
  press(b);
}

// a parent page (only parentOrigin) may call the bar's methods:
// {target:'callcloud-agentbar', method:'MakeCall', args:[...]} → reply
// {source:'callcloud-agentbar', reply:method, code}
async function onCommand(ev) {
  const m = ev.data;
  if (!parentOrigin || ev.origin !== parentOrigin || !m ||
      m.target !== 'callcloud-agentbar' || !ui.bar ||
      typeof ui.bar[m.method] !== 'function' || !/^[A-Z]/.test(m.method)) {
    return;
  }
  const args = Array.isArray(m.args) ? m.args : [];
  const code = await ui.bar[m.method](...args);
  ev.source.postMessage({ source: 'callcloud-agentbar', reply: m.method,
    code }, ev.origin);
}

function start() {
  document.body.classList.toggle('embed', embed);
  ui.props = loadProps();
  fillForm(ui.props);
  buildButtons();
  relabel();
  $('signin').addEventListener('submit', signIn);
  $('prompt').addEventListener('submit', submitPrompt);
  $('prompt-cancel').addEventListener('click', closePrompt);
  for (const el of document.querySelectorAll('button.lang')) {
    el.addEventListener('click', () => {
      ui.lang = ui.lang === 'zh' ? 'en' : 'zh';
      relabel();
    });
  }
  document.addEventListener('keydown', onKey);
  window.addEventListener('message', onCommand);
  setInterval(tick, 1000);
}

start();
