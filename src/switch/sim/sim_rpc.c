/*
 * sim_rpc.c — Sim.*: scripting the simulated switch (virtual customers,
 * phones and outside numbers) from an admin connection, for tests, demos
 * and load generation (docs/protocol.md §10). The sim's own JSON-RPC
 * methods, registered with the API through api/api_ext.h (main.c calls
 * sim_rpc_register()); only sim.h's public calls are used here.
 */
#include <errno.h>
#include <string.h>
#include "api/api_ext.h"
#include "switch/sim/sim.h"

/* Parties Sim.Parties lists at most; digits Sim.SendDTMF takes at most
 * (the call data of Sim.InboundCall has switch.h's SW_DATA_* limits). */
enum { PARTIES_MAX = 16, DIGITS_MAX = 32 };

/* A control call's result as the answer: 0, or its errno (sim.h). */
static void reply(struct api_ext_call *call, int err, const char *what)
{
	switch (err) {
	case 0:
		api_ext_reply(call, 0, NULL);
		break;
	case ENOENT:
		api_ext_reply(call, ArFailed, "no such %s", what);
		break;
	case EINVAL:
		api_ext_reply(call, ArInvalidParam, "invalid %s", what);
		break;
	case EPROTO:
		api_ext_reply(call, ArFailed, "the %s is in a state where "
			      "this makes no sense", what);
		break;
	default:
		api_ext_reply(call, ArFailed, "%s: %s", what, strerror(err));
		break;
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

/* The call data of Sim.InboundCall as pairs borrowed from data (NULL:
 * none); false after answering why it does not fit the switch's limits. */
static bool data_pairs(struct api_ext_call *call, json_t *data,
		       struct sw_kv *kv, size_t *np)
{
	const char *key;
	json_t *v;
	size_t n = 0;

	json_object_foreach(data, key, v) {
		if (n == SW_DATA_MAX_PAIRS) {
			api_ext_reply(call, ArInvalidParam, "data has more "
				      "than %d keys", SW_DATA_MAX_PAIRS);
			return false;
		}
		if (!json_is_string(v)) {
			api_ext_reply(call, ArInvalidParam, "data.%s must be "
				      "a string", key);
			return false;
		}
		if (!*key || strlen(key) > SW_DATA_KEY_MAX ||
		    !json_string_length(v) ||
		    json_string_length(v) > SW_DATA_VALUE_MAX) {
			api_ext_reply(call, ArInvalidParam, "data.%s: keys "
				      "are 1..%d bytes, values 1..%d", key,
				      SW_DATA_KEY_MAX, SW_DATA_VALUE_MAX);
			return false;
		}
		kv[n].key = key;
		kv[n].value = json_string_value(v);
		n++;
	}
	*np = n;
	return true;
}

static void m_inbound(struct api_ext_call *call, const struct pval *v,
		      void *arg)
{
	struct sw_kv kv[SW_DATA_MAX_PAIRS];
	char call_id[64];
	size_t n;
	int err;

	if (!*v[0].s || !*v[1].s) {
		api_ext_reply(call, ArInvalidParam, "ani and dnis must not be "
			      "empty");
		return;
	}
	if (!data_pairs(call, v[2].j, kv, &n))
		return;
	err = sim_inbound_call(arg, v[0].s, v[1].s, kv, n, call_id,
			       sizeof(call_id));
	if (err)
		reply(call, err, "call");
	else
		api_ext_reply_value(call, "callID", json_string(call_id));
}

static const struct pspec party_params[] = {
	{.name = "party", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

static void m_answer(struct api_ext_call *call, const struct pval *v,
		     void *arg)
{
	reply(call, sim_party_answer(arg, v[0].s), "party");
}

static void m_hangup(struct api_ext_call *call, const struct pval *v,
		     void *arg)
{
	reply(call, sim_party_hangup(arg, v[0].s), "party");
}

static const struct pspec reject_params[] = {
	{.name = "party", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{.name = "cause", .type = PT_STR, .required = true, .maxlen = 16},
	{NULL},
};

static void m_reject(struct api_ext_call *call, const struct pval *v,
		     void *arg)
{
	static const struct { const char *name; enum sw_cause cause; }
	causes[] = {
		{"busy", SW_CAUSE_BUSY}, {"noanswer", SW_CAUSE_NOANSWER},
		{"invalid", SW_CAUSE_INVALID},
	};

	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++) {
		if (!strcmp(v[1].s, causes[i].name)) {
			reply(call, sim_party_reject(arg, v[0].s,
						     causes[i].cause),
			      "party");
			return;
		}
	}
	api_ext_reply(call, ArInvalidParam, "cause '%s' is not busy, "
		      "noanswer or invalid", v[1].s);
}

static const struct pspec dtmf_params[] = {
	{.name = "party", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{.name = "digits", .type = PT_STR, .required = true,
	 .maxlen = DIGITS_MAX, .toolong = ArInvalidParam},
	{NULL},
};

static void m_dtmf(struct api_ext_call *call, const struct pval *v,
		   void *arg)
{
	reply(call, sim_party_dtmf(arg, v[0].s, v[1].s), "party or digits");
}

static const struct pspec phone_params[] = {
	{.name = "dn", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "autoAnswerMs", .type = PT_INT, .min = -1, .max = 3600000,
	 .def = -1},
	{.name = "behaviour", .type = PT_STR, .maxlen = 16},
	{NULL},
};

static void m_set_phone(struct api_ext_call *call, const struct pval *v,
			void *arg)
{
	const char *behaviour = v[2].set ? v[2].s : "normal";

	reply(call, sim_set_phone(arg, v[0].s, (int)v[1].i, behaviour),
	      "phone or behaviour");
}

static const struct pspec number_params[] = {
	{.name = "number", .type = PT_STR, .required = true,
	 .maxlen = API_NUMBER_MAX},
	{.name = "behaviour", .type = PT_STR, .required = true,
	 .maxlen = 32},
	{NULL},
};

static void m_set_number(struct api_ext_call *call, const struct pval *v,
			 void *arg)
{
	reply(call, sim_set_number(arg, v[0].s, v[1].s),
	      "number or behaviour");
}

static const struct pspec parties_params[] = {
	{.name = "callID", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

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

static void m_parties(struct api_ext_call *call, const struct pval *v,
		      void *arg)
{
	struct sim_party_info info[PARTIES_MAX];
	json_t *arr;
	int n;

	n = sim_parties(arg, v[0].s, info, PARTIES_MAX);
	if (n < 0) {
		reply(call, -n, "call");
		return;
	}
	arr = json_array();
	for (int i = 0; arr && i < n; i++)
		json_array_append_new(arr, party_json(&info[i]));
	api_ext_reply_value(call, "data", arr);
}

static void m_leg_count(struct api_ext_call *call, const struct pval *v,
			void *arg)
{
	(void)v;
	api_ext_reply_value(call, "value",
			    json_integer((json_int_t)sim_leg_count(arg)));
}

static const struct api_ext_method methods[] = {
	{"Sim.InboundCall", m_inbound, inbound_params},
	{"Sim.Answer", m_answer, party_params},
	{"Sim.Hangup", m_hangup, party_params},
	{"Sim.Reject", m_reject, reject_params},
	{"Sim.SendDTMF", m_dtmf, dtmf_params},
	{"Sim.SetPhone", m_set_phone, phone_params},
	{"Sim.SetNumber", m_set_number, number_params},
	{"Sim.Parties", m_parties, parties_params},
	{"Sim.LegCount", m_leg_count, NULL},
	{NULL, NULL, NULL},
};

int sim_rpc_register(struct api *api, struct sw *sw)
{
	return sw ? api_ext_register(api, methods, sw) : EINVAL;
}
