/*
 * m_sim.c — Sim.*: scripting the simulated switch (virtual customers,
 * phones and outside numbers) from an admin connection, for tests, demos
 * and load generation (AGENTBAR-API.md §2 "Sim switch control").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "switch/sim/sim.h"

/* Call data has the switch's limits (switch.h SW_DATA_*). */
enum { PARTIES_MAX = 16, DIGITS_MAX = 32 };

static json_t *sim_result(int err, const char *what)
{
	char msg[160];

	switch (err) {
	case 0:
		return result_code(0);
	case ENOENT:
		snprintf(msg, sizeof(msg), "no such %s", what);
		return result_msg(ArFailed, msg);
	case EINVAL:
		snprintf(msg, sizeof(msg), "invalid %s", what);
		return result_msg(ArInvalidParam, msg);
	case EPROTO:
		snprintf(msg, sizeof(msg), "the %s is in a state where this "
			 "makes no sense", what);
		return result_msg(ArFailed, msg);
	default:
		snprintf(msg, sizeof(msg), "%s: %s", what, strerror(err));
		return result_msg(ArFailed, msg);
	}
}

static const struct pspec inbound_params[] = {
	{.name = "ani", .type = PT_STR, .required = true,
	 .maxlen = API_NUMBER_MAX},
	{.name = "dnis", .type = PT_STR, .required = true,
	 .maxlen = API_NUMBER_MAX},
	{.name = "data", .type = PT_OBJ},
	{NULL},
};

static json_t *m_inbound(struct rpc_call *c)
{
	struct sw_kv kv[SW_DATA_MAX_PAIRS];
	char call_id[64];
	size_t n = 0;
	const char *key;
	json_t *v, *r;
	int err;

	if (!*c->v[0].s || !*c->v[1].s)
		return result_msg(ArInvalidParam, "ani and dnis must not be "
				  "empty");
	json_object_foreach(c->v[2].j, key, v) {
		if (n == SW_DATA_MAX_PAIRS)
			return admin_invalid("data has more than %d keys",
					     SW_DATA_MAX_PAIRS);
		if (!json_is_string(v))
			return admin_invalid("data.%s must be a string", key);
		if (!*key || strlen(key) > SW_DATA_KEY_MAX ||
		    !json_string_length(v) ||
		    json_string_length(v) > SW_DATA_VALUE_MAX)
			return admin_invalid("data.%s: keys are 1..%d bytes, "
					     "values 1..%d", key, SW_DATA_KEY_MAX,
					     SW_DATA_VALUE_MAX);
		kv[n].key = key;
		kv[n].value = json_string_value(v);
		n++;
	}
	err = sim_inbound_call(c->api->sim, c->v[0].s, c->v[1].s, kv, n,
			       call_id, sizeof(call_id));
	if (err)
		return sim_result(err, "call");
	r = result_code(0);
	if (r && json_object_set_new(r, "callID", json_string(call_id)))
		r = (json_decref(r), NULL);
	return r;
}

static const struct pspec party_params[] = {
	{.name = "party", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *m_answer(struct rpc_call *c)
{
	return sim_result(sim_party_answer(c->api->sim, c->v[0].s), "party");
}

static json_t *m_hangup(struct rpc_call *c)
{
	return sim_result(sim_party_hangup(c->api->sim, c->v[0].s), "party");
}

static const struct pspec reject_params[] = {
	{.name = "party", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{.name = "cause", .type = PT_STR, .required = true, .maxlen = 16},
	{NULL},
};

static json_t *m_reject(struct rpc_call *c)
{
	static const struct { const char *name; enum sw_cause cause; }
	causes[] = {
		{"busy", SW_CAUSE_BUSY}, {"noanswer", SW_CAUSE_NOANSWER},
		{"invalid", SW_CAUSE_INVALID},
	};

	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (!strcmp(c->v[1].s, causes[i].name))
			return sim_result(sim_party_reject(c->api->sim,
							   c->v[0].s,
							   causes[i].cause),
					  "party");
	return admin_invalid("cause '%s' is not busy, noanswer or invalid",
			     c->v[1].s);
}

static const struct pspec dtmf_params[] = {
	{.name = "party", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{.name = "digits", .type = PT_STR, .required = true,
	 .maxlen = DIGITS_MAX, .toolong = ArInvalidParam},
	{NULL},
};

static json_t *m_dtmf(struct rpc_call *c)
{
	return sim_result(sim_party_dtmf(c->api->sim, c->v[0].s, c->v[1].s),
			  "party or digits");
}

static const struct pspec phone_params[] = {
	{.name = "dn", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "autoAnswerMs", .type = PT_INT, .min = -1, .max = 3600000,
	 .def = -1},
	{.name = "behaviour", .type = PT_STR, .maxlen = 16},
	{NULL},
};

static json_t *m_set_phone(struct rpc_call *c)
{
	const char *behaviour = c->v[2].set ? c->v[2].s : "normal";

	return sim_result(sim_set_phone(c->api->sim, c->v[0].s,
					(int)c->v[1].i, behaviour),
			  "phone or behaviour");
}

static const struct pspec number_params[] = {
	{.name = "number", .type = PT_STR, .required = true,
	 .maxlen = API_NUMBER_MAX},
	{.name = "behaviour", .type = PT_STR, .required = true,
	 .maxlen = 32},
	{NULL},
};

static json_t *m_set_number(struct rpc_call *c)
{
	return sim_result(sim_set_number(c->api->sim, c->v[0].s, c->v[1].s),
			  "number or behaviour");
}

static const char *tone_name(enum sw_tone t)
{
	switch (t) {
	case SW_TONE_NONE:     return "none";
	case SW_TONE_MOH:      return "moh";
	case SW_TONE_RINGBACK: return "ringback";
	case SW_TONE_PROMPT:   return "prompt";
	}
	return "?";
}

static json_t *party_json(const struct sim_party_info *p)
{
	json_t *hears = json_array();

	for (size_t i = 0; hears && i < p->nhears && i < 8; i++)
		json_array_append_new(hears, json_string(p->hears[i]));
	return json_pack("{s:s, s:I, s:{s:b, s:b}, s:s, s:o, s:s}",
			 "party", p->name, "leg", (json_int_t)p->leg,
			 "flags", "hear", (p->flags & SW_HEAR) != 0,
			 "speak", (p->flags & SW_SPEAK) != 0,
			 "tone", tone_name(p->tone), "hears", hears,
			 "dtmf", p->dtmf_received);
}

static const struct pspec parties_params[] = {
	{.name = "callID", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *m_parties(struct rpc_call *c)
{
	struct sim_party_info info[PARTIES_MAX];
	json_t *arr;
	int n;

	n = sim_parties(c->api->sim, c->v[0].s, info, PARTIES_MAX);
	if (n < 0)
		return sim_result(-n, "call");
	arr = json_array();
	for (int i = 0; arr && i < n; i++)
		json_array_append_new(arr, party_json(&info[i]));
	return admin_data(arr);
}

static json_t *m_leg_count(struct rpc_call *c)
{
	return json_pack("{s:i, s:I}", "code", 0, "value",
			 (json_int_t)sim_leg_count(c->api->sim));
}

const struct rpc_method m_sim_methods[] = {
	{"Sim.InboundCall", m_inbound, NEEDS_SIM, inbound_params},
	{"Sim.Answer", m_answer, NEEDS_SIM, party_params},
	{"Sim.Hangup", m_hangup, NEEDS_SIM, party_params},
	{"Sim.Reject", m_reject, NEEDS_SIM, reject_params},
	{"Sim.SendDTMF", m_dtmf, NEEDS_SIM, dtmf_params},
	{"Sim.SetPhone", m_set_phone, NEEDS_SIM, phone_params},
	{"Sim.SetNumber", m_set_number, NEEDS_SIM, number_params},
	{"Sim.Parties", m_parties, NEEDS_SIM, parties_params},
	{"Sim.LegCount", m_leg_count, NEEDS_SIM, NULL},
	{NULL, NULL, NEEDS_NONE, NULL},
};
