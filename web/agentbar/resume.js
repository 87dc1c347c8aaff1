// resume.js — the state a failover signs the agent back into, sent as
// SignIn's ResumeStatus / ResumeReason extension (docs/protocol.md) so a
// Busy or resting agent never comes back Ready, as libagentbar's resume.c:
// Ready, a Busy the agent or a supervisor chose (or a sign-in gave), or
// Rest with the reason the bar set. After a call, in one, or parked Busy
// by its phone, nothing is sent and the server decides. A resumable
// OnUnLogin (the server going down or handing over) keeps the state it
// interrupted.

import { AgentStatusT as S, CallEventReasonT as R } from './codes.js';

const CHOSEN_BUSY = [R.CerIdleSelfSet, R.CerIdleOtherSet, R.CerIdleSelfLogin];

export class Resume {
  constructor() {
    this.status = S.AsUnknownState;   // AsUnknownState: the server decides
    this.restReason = '';             // of the last SetRest the server took
  }

  /** A state event of the agent; resumable: an OnUnLogin a failover undoes.
   * @param {number} state @param {number} reason @param {boolean} resumable */
  track(state, reason, resumable) {
    if (state === S.AsUnLoginState && resumable) return;
    const keep = state === S.AsReadyState || state === S.AsRestState ||
      (state === S.AsBusyState && CHOSEN_BUSY.includes(reason));
    this.status = keep ? state : S.AsUnknownState;
  }

  /** The last good SignIn's params with the state to resume.
   * @param {object} signin @returns {object} */
  params(signin) {
    if (this.status === S.AsUnknownState) return signin;
    return { ...signin, ResumeStatus: this.status,
      ...(this.status === S.AsRestState && { ResumeReason: this.restReason }) };
  }
}
