/*
 * swmsg.c — checked access to the members of switch-node frames
 * (swmsg.h).
 */
#include <string.h>
#include "switch/link/swmsg.h"

const char *swmsg_type(const json_t *f)
{
	return json_string_value(json_object_get(f, "t"));
}

const char *swmsg_str(const json_t *f, const char *key, size_t max,
		      bool *bad)
{
	const json_t *v = json_object_get(f, key);

	if (!v)
		return NULL;
	if (!json_is_string(v) || json_string_length(v) > max ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

bool swmsg_uint(const json_t *f, const char *key, uint64_t max,
		uint64_t *out)
{
	const json_t *v = json_object_get(f, key);
	json_int_t i;

	if (!json_is_integer(v))
		return false;
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i > max)
		return false;
	*out = (uint64_t)i;
	return true;
}

bool swmsg_leg(const json_t *f, sw_leg_t *leg)
{
	uint64_t v;

	if (!swmsg_uint(f, "leg", SWMSG_LEG_MAX, &v) || !v)
		return false;
	*leg = v;
	return true;
}

static const char *const causes[] = {
	[SW_CAUSE_NORMAL] = "normal", [SW_CAUSE_BUSY] = "busy",
	[SW_CAUSE_NOANSWER] = "noanswer", [SW_CAUSE_INVALID] = "invalid",
	[SW_CAUSE_TIMEOUT] = "timeout", [SW_CAUSE_FAILED] = "failed",
};

static const char *const tones[] = {
	[SW_TONE_NONE] = "none", [SW_TONE_MOH] = "moh",
	[SW_TONE_RINGBACK] = "ringback", [SW_TONE_PROMPT] = "prompt",
};

/* Index of name in names[n], or -1. */
static int lookup(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

const char *swmsg_cause_name(enum sw_cause c)
{
	return (unsigned)c < sizeof(causes) / sizeof(causes[0]) ?
		causes[c] : "failed";
}

bool swmsg_cause(const char *name, enum sw_cause *c)
{
	int i = lookup(causes, sizeof(causes) / sizeof(causes[0]), name);

	if (i < 0)
		return false;
	*c = (enum sw_cause)i;
	return true;
}

const char *swmsg_tone_name(enum sw_tone t)
{
	return (unsigned)t < sizeof(tones) / sizeof(tones[0]) ?
		tones[t] : "none";
}

bool swmsg_tone(const char *name, enum sw_tone *t)
{
	int i = lookup(tones, sizeof(tones) / sizeof(tones[0]), name);

	if (i < 0)
		return false;
	*t = (enum sw_tone)i;
	return true;
}

json_t *swmsg_data_json(const struct sw_kv *kv, size_t n)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < n; i++) {
		if (json_object_set_new(o, kv[i].key,
					json_string(kv[i].value))) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

bool swmsg_data(const json_t *o, struct sw_kv *kv, size_t *n)
{
	const char *key;
	json_t *v;
	size_t i = 0;

	if (!json_is_object(o) || json_object_size(o) > SW_DATA_MAX_PAIRS)
		return false;
	json_object_foreach((json_t *)o, key, v) {
		if (!json_is_string(v) || !*key ||
		    strlen(key) > SW_DATA_KEY_MAX ||
		    json_string_length(v) > SW_DATA_VALUE_MAX ||
		    strlen(json_string_value(v)) != json_string_length(v))
			return false;
		kv[i].key = key;
		kv[i].value = json_string_value(v);
		i++;
	}
	*n = i;
	return true;
}
