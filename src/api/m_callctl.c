/*
 * m_callctl.c — what an agent does to the call it is in: Hold, Retrieve
 * (manual 3.2.15, 3.2.16), SetCallData, GetCallData (3.2.22, 3.2.23),
 * SendDTMF, MuteOn, MuteOff (3.2.33 - 3.2.35), GetRecordFileName (3.2.40),
 * TransIVR, TransIVREx (3.2.55, 3.2.56).
 *
 * The core is the one place that judges the values: the manual's limits
 * (call-data key 32 bytes, value 1023, DTMF 32 digits of 0-9*#A-D) and the
 * empty cases (ArKeyIsEmpty, ArValueIsEmpty, ArDigitalsIsEmpty) are its
 * answers, so these parameters carry no length limit here beyond the line.
 */
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"

#define NUM(n) {.name = n, .type = PT_STR, .required = true, \
		.maxlen = API_NUMBER_MAX}

static json_t *m_hold(struct rpc_call *c)
{
	return result_code(core_hold(c->api->core, c->s->agent));
}

static json_t *m_retrieve(struct rpc_call *c)
{
	return result_code(core_retrieve(c->api->core, c->s->agent));
}

static const struct pspec setdata_params[] = {
	{.name = "key", .type = PT_STR, .required = true},
	{.name = "CallData", .type = PT_STR, .required = true},
	{NULL},
};

static json_t *m_set_call_data(struct rpc_call *c)
{
	return result_code(core_set_call_data(c->api->core, c->s->agent,
					      c->v[0].s, c->v[1].s));
}

static const struct pspec getdata_params[] = {
	{.name = "key", .type = PT_STR, .required = true},
	{NULL},
};

static json_t *m_get_call_data(struct rpc_call *c)
{
	const char *value = "";
	int code = core_get_call_data(c->api->core, c->s->agent, c->v[0].s,
				      &value);

	return result_data(code, code == ArSuccess ? value : "");
}

static const struct pspec dtmf_params[] = {
	{.name = "DTMFDigits", .type = PT_STR, .required = true},
	{NULL},
};

static json_t *m_send_dtmf(struct rpc_call *c)
{
	return result_code(core_send_dtmf(c->api->core, c->s->agent,
					  c->v[0].s));
}

static json_t *m_mute_on(struct rpc_call *c)
{
	return result_code(core_mute(c->api->core, c->s->agent, true));
}

static json_t *m_mute_off(struct rpc_call *c)
{
	return result_code(core_mute(c->api->core, c->s->agent, false));
}

static json_t *m_record_file(struct rpc_call *c)
{
	return result_data(0, agent_record_file(c->s->agent));
}

static const struct pspec transivr_params[] = {
	NUM("transferNum"),
	{NULL},
};

static json_t *m_trans_ivr(struct rpc_call *c)
{
	return result_code(core_trans_ivr(c->api->core, c->s->agent, NULL,
					  c->v[0].s));
}

static const struct pspec transivrex_params[] = {
	NUM("callerNum"), NUM("transferNum"),
	{NULL},
};

static json_t *m_trans_ivr_ex(struct rpc_call *c)
{
	return result_code(core_trans_ivr(c->api->core, c->s->agent,
					  c->v[0].s, c->v[1].s));
}

const struct rpc_method m_callctl_methods[] = {
	{"Hold", m_hold, NEEDS_AGENT, NULL},
	{"Retrieve", m_retrieve, NEEDS_AGENT, NULL},
	{"SetCallData", m_set_call_data, NEEDS_AGENT, setdata_params},
	{"GetCallData", m_get_call_data, NEEDS_AGENT, getdata_params},
	{"SendDTMF", m_send_dtmf, NEEDS_AGENT, dtmf_params},
	{"MuteOn", m_mute_on, NEEDS_AGENT, NULL},
	{"MuteOff", m_mute_off, NEEDS_AGENT, NULL},
	{"GetRecordFileName", m_record_file, NEEDS_AGENT, NULL},
	{"TransIVR", m_trans_ivr, NEEDS_AGENT, transivr_params},
	{"TransIVREx", m_trans_ivr_ex, NEEDS_AGENT, transivrex_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
