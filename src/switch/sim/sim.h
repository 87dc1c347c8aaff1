/*
 * sim.h — the simulated switch: virtual agent phones and virtual customers
 * (outside numbers) inside the daemon, scriptable through the Sim.* admin
 * methods. Used by tests, demos and load generation.
 *
 * Virtual phone (an agent DN): rings when originated; answers after
 * autoAnswerMs (-1 = never by itself; default -1) or at once when the
 * originate asked for auto_answer; otherwise waits for Sim.Answer /
 * Sim.Reject or the core's sw_answer().
 * Outside number: behaves as set with Sim.SetNumber ("answer:MS", "busy",
 * "noanswer", "invalid"); default "ring": rings until Sim.Answer /
 * Sim.Reject or its originate timeout.
 *
 * A "party" in the control calls is any of: a leg id in decimal, an agent
 * DN with a live leg, an outside number with a live leg, or the call_id of
 * an inbound customer leg ("sim-N"). The newest live leg wins if several
 * match.
 */
#ifndef CALLCLOUD_SIM_H
#define CALLCLOUD_SIM_H

#include "switch/switch.h"

struct api;

int sim_switch_alloc(struct sw **swp, sw_event_h *eh, void *arg);
/* Adds the Sim.* methods (the calls below, as JSON-RPC) to api, between
 * api_alloc() and api_start(); sw must outlive api (sim_rpc.c). 0 or
 * api_ext_register()'s errno. */
int sim_rpc_register(struct api *api, struct sw *sw);

/* Returns 0, ENOENT (no such party), EINVAL (bad argument) or EPROTO
 * (party in a state where that makes no sense, e.g. answering an answered
 * leg). */
int sim_inbound_call(struct sw *sw, const char *ani, const char *dnis,
		     const struct sw_kv *data, size_t ndata,
		     char *call_id, size_t call_id_size);
int sim_party_answer(struct sw *sw, const char *party);
int sim_party_hangup(struct sw *sw, const char *party);
int sim_party_reject(struct sw *sw, const char *party, enum sw_cause cause);
int sim_party_dtmf(struct sw *sw, const char *party, const char *digits);
/* autoAnswerMs: -1 never, 0.. delay. behaviour: "normal" | "busy" |
 * "noanswer" | "invalid" (how the phone reacts to being rung) |
 * "unregistered" (as a SIP phone whose registration lapsed: refused as
 * invalid, and the core is told the DN went down; any other behaviour
 * brings it back up). */
int sim_set_phone(struct sw *sw, const char *dn, int auto_answer_ms,
		  const char *behaviour);
/* behaviour: "ring" | "answer:MS" | "busy" | "noanswer" | "invalid" */
int sim_set_number(struct sw *sw, const char *number, const char *behaviour);

/* One party of a bridge as seen by Sim.Parties. */
struct sim_party_info {
	sw_leg_t leg;
	char name[64];        /* DN, number or ANI of the leg */
	unsigned flags;       /* SW_HEAR | SW_SPEAK */
	enum sw_tone tone;    /* what it hears instead of the bridge */
	char hears[8][64];    /* names of the parties it hears */
	size_t nhears;
	char dtmf_received[64]; /* digits sent to this leg (by SendDTMF) */
};
/* Fills up to max parties of the bridge named `bridge`; returns how many,
 * or -ENOENT when there is no such bridge. */
int sim_parties(struct sw *sw, const char *bridge,
		struct sim_party_info *out, size_t max);

/* Number of live legs (for leak checks in tests). */
size_t sim_leg_count(const struct sw *sw);

#endif
