/*
 * sim_check.c — validation of what the core and Sim.* scripts hand the sim
 * switch: names (DN, number, ANI, party), bridge names, DTMF digits,
 * causes and the call data of an inbound call.
 */
#include <errno.h>
#include <string.h>
#include "switch/sim/sim_int.h"

static bool name_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		(c >= 'a' && c <= 'z') || c == '+' || c == '*' || c == '#' ||
		c == '.' || c == '_' || c == '-';
}

/* 1..max characters of [0-9A-Za-z+*#._-]: what dial strings and call ids
 * are made of; anything else is a caller's mistake. */
bool sim_name_valid(const char *s, size_t max)
{
	size_t i;

	if (!s || !*s)
		return false;
	for (i = 0; s[i]; i++) {
		if (i == max || !name_char(s[i]))
			return false;
	}
	return true;
}

/* 1..max bytes without control characters (bridge names, data keys). */
bool sim_text_valid(const char *s, size_t max)
{
	size_t i;

	if (!s || !*s)
		return false;
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == max || c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

bool sim_digits_valid(const char *s)
{
	size_t i;

	if (!s || !*s)
		return false;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (i == SIM_DIGITS_MAX)
			return false;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'D') ||
		      c == '*' || c == '#'))
			return false;
	}
	return true;
}

bool sim_cause_valid(enum sw_cause cause)
{
	return (unsigned)cause <= SW_CAUSE_FAILED;
}

int sim_data_check(const struct sw_kv *data, size_t ndata)
{
	size_t i;

	if (!ndata)
		return 0;
	if (!data || ndata > SW_DATA_MAX_PAIRS)
		return EINVAL;
	for (i = 0; i < ndata; i++) {
		if (!sim_text_valid(data[i].key, SW_DATA_KEY_MAX))
			return EINVAL;
		if (!data[i].value ||
		    strnlen(data[i].value, SW_DATA_VALUE_MAX + 1) >
		    SW_DATA_VALUE_MAX)
			return EINVAL;
	}
	return 0;
}
