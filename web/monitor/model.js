// model.js — what the wallboard knows: agents (state, since when, call,
// counters), skills (members, queue, waiting calls) and the SysInfo
// totals. No DOM: the view reads it and the `dirty*` sets say what changed
// since the last frame. Times are kept on the CTI server's clock (ms).

/** States in which an agent is on a call with a customer or colleague
 * (counted as "talking" on the skill's line). */
export const TALK_STATES = new Set([9, 11, 12, 13, 14, 15, 18, 19]);
/** States whose call a supervisor may Listen to / Insert into (the core's
 * "talking": Connected, InternalConnected, Conference). */
export const LISTENABLE = new Set([9, 11, 15]);
/** States an agent is in while being listened to / inserted into. */
export const SUPERVISED = new Set([18, 19]);
/** States with a call leg (Break hangs it up). */
export const CALL_STATES = new Set([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  18, 19]);
/** A supervisor's own states while listening / inserted. */
export const SUPERVISING = new Set([16, 17]);
/** Not in a call: ForceIdle / ForceBusy / ForceOut apply. */
export const FORCEABLE = new Set([2, 3, 4]);

export const UNLOGIN = 1;

/** Parses the manual's `data` string of a query result; null if bad. */
export function parseData(result) {
  if (!result || result.code !== 0 || typeof result.data !== 'string') {
    return null;
  }
  try {
    return JSON.parse(result.data);
  } catch {
    return null;
  }
}

/** "2001,2002; 2003" or "示例=1;投诉=2" → the names, without levels. */
export function skillNames(list) {
  return String(list || '').split(/[;,]/).map((s) => s.split('=')[0].trim())
    .filter((s) => s.length > 0);
}

/** Agent ids compare as numbers when both are numbers. */
export function compareIds(a, b) {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) {
    return na - nb;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export class Board {
  constructor() {
    /** @type {Map<string, object>} */
    this.agents = new Map();
    /** @type {Map<string, object>} */
    this.skills = new Map();
    this.sys = null;
    this.offsetMs = 0;        // server clock − local clock
    this.me = '';
    this.dirtyAgents = new Set();
    this.dirtySkills = new Set();
    this.dirtySys = false;
    this.dirtyWaiting = false;
    this.dirtyStructure = false;   // skills added or removed
    /** called whenever something became dirty */
    this.onchange = () => {};
  }

  /** Now on the server's clock, in ms. */
  now() {
    return Date.now() + this.offsetMs;
  }

  /** @param {number} serverUs the server's clock in µs */
  syncClock(serverUs) {
    this.offsetMs = serverUs / 1000 - Date.now();
  }

  setSkills(names) {
    for (const name of names) {
      if (!this.skills.has(name)) {
        this.skills.set(name, { name, queue: 0, free: 0, calls: [],
          members: new Set() });
      }
    }
    this.dirtyStructure = true;
    this.onchange();
  }

  agent(id) {
    let a = this.agents.get(id);
    if (!a) {
      a = { id, dn: '', state: 0, sinceMs: 0, otherParty: '', callId: '',
        skills: new Set(), info: null, privQueue: null };
      this.agents.set(id, a);
    }
    return a;
  }

  touchAgent(a) {
    this.dirtyAgents.add(a.id);
    for (const s of a.skills) this.dirtySkills.add(s);
    this.onchange();
  }

  /**
   * A state event (own or Monitor.Subscribe's).
   * @returns {{known: boolean, prev: number, state: number}} whether the
   *   agent was already on the board, and its state before and after
   */
  applyEvent(p) {
    const known = this.agents.has(p.agentId);
    const a = this.agent(p.agentId);
    const prev = a.state;
    a.state = p.agentStatus;
    a.sinceMs = p.timestamp ? p.timestamp / 1000 : this.now();
    a.callId = p.callID || '';
    a.otherParty = p.otherParty || '';
    a.reason = p.reason;
    if (!CALL_STATES.has(a.state) && !SUPERVISING.has(a.state)) {
      // the event after a call still names it; the board shows no call
      a.callId = '';
      a.otherParty = '';
    }
    this.touchAgent(a);
    return { known, prev, state: a.state };
  }

  /** An AgentInfoT (a query's answer, newer than the events before it). */
  applyInfo(info) {
    const a = this.agent(info.agentId);
    a.dn = info.agentDn || a.dn;
    if (a.state !== info.currStatus || !a.sinceMs) {
      a.state = info.currStatus;
      a.sinceMs = info.currStatusTime * 1000;
      const inCall = CALL_STATES.has(a.state) || SUPERVISING.has(a.state);
      a.otherParty = inCall ? info.origCaller || info.origCallee || '' : '';
      if (!inCall) a.callId = '';
    }
    a.info = info;
    this.touchAgent(a);
    return a;
  }

  /** GetAgentDetailsBySkill's answer: the skill's signed-in agents.
   * Agents who left the skill go from it, except those just signed out,
   * who stay greyed until the page is reloaded. */
  setMembers(skillName, infos) {
    const sk = this.skills.get(skillName);
    if (!sk) return;
    const ids = new Set();
    for (const info of infos) {
      const a = this.applyInfo(info);
      ids.add(a.id);
      if (!a.skills.has(skillName)) {
        a.skills.add(skillName);
        sk.members.add(a.id);
        this.touchAgent(a);
      }
    }
    for (const id of [...sk.members]) {
      const a = this.agents.get(id);
      if (!ids.has(id) && a && a.state !== UNLOGIN) {
        a.skills.delete(skillName);
        sk.members.delete(id);
        this.touchAgent(a);
      }
    }
    this.dirtySkills.add(skillName);
    this.onchange();
  }

  /** OnQueueChanged or GetSkillWaitingNumber's answer. */
  setQueue(skillName, queue, free) {
    const sk = this.skills.get(skillName);
    if (!sk) return;
    sk.queue = queue;
    sk.free = free;
    this.dirtySkills.add(skillName);
    this.onchange();
  }

  /** GetSkillWaitingCallInfo's answer (QueueInfoT, times in µs). */
  setWaiting(skillName, calls) {
    const sk = this.skills.get(skillName);
    if (!sk) return;
    sk.calls = calls;
    this.dirtySkills.add(skillName);
    this.dirtyWaiting = true;
    this.onchange();
  }

  setPrivQueue(agentId, calls) {
    const a = this.agent(agentId);
    a.privQueue = calls;
    this.touchAgent(a);
  }

  setSys(si) {
    this.sys = si;
    this.dirtySys = true;
    this.onchange();
  }

  /** The derived line of a skill: counts of its members by state. */
  skillStats(skillName) {
    const sk = this.skills.get(skillName);
    const st = { signedIn: 0, talking: 0, ready: 0, longestMs: 0 };
    if (!sk) return st;
    for (const id of sk.members) {
      const a = this.agents.get(id);
      if (!a || a.state === UNLOGIN || a.state === 0) continue;
      st.signedIn++;
      if (TALK_STATES.has(a.state)) st.talking++;
      if (a.state === 2) st.ready++;
    }
    const now = this.now();
    for (const c of sk.calls) {
      st.longestMs = Math.max(st.longestMs, now - c.startTime / 1000);
    }
    return st;
  }

  /** Every waiting call of the watched skills, oldest first. */
  waitingCalls() {
    const all = [];
    for (const sk of this.skills.values()) {
      for (const c of sk.calls) all.push({ skill: sk.name, ...c });
    }
    all.sort((x, y) => x.startTime - y.startTime ||
      (x.skill < y.skill ? -1 : 1));
    return all;
  }

  takeDirty() {
    const d = {
      agents: this.dirtyAgents, skills: this.dirtySkills, sys: this.dirtySys,
      waiting: this.dirtyWaiting, structure: this.dirtyStructure,
    };
    this.dirtyAgents = new Set();
    this.dirtySkills = new Set();
    this.dirtySys = false;
    this.dirtyWaiting = false;
    this.dirtyStructure = false;
    return d;
  }
}

/** ms → "m:ss" or "h:mm:ss" (negative clock skew shows 0:00). */
export function formatDuration(ms) {
  let s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const ss = String(s).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
