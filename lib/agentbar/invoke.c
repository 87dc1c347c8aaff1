/*
 * invoke.c — the common path of every method: client-side checks, one
 * round trip, the result as the manual types it (int, string or value),
 * and ab_LastError() for the caller.
 */
#include <stdlib.h>
#include <string.h>

#include "bar.h"

void abi_set_last_error(AgentBar *bar, int code)
{
	pthread_mutex_lock(&bar->mu);
	bar->last_error = code;
	pthread_mutex_unlock(&bar->mu);
}

int ab_LastError(AgentBar *bar)
{
	int v;

	if (!bar)
		return AGENTBARERROR_BAR_UNINITIAL;
	pthread_mutex_lock(&bar->mu);
	v = bar->last_error;
	pthread_mutex_unlock(&bar->mu);
	return v;
}

json_t *abi_str(const char *s)
{
	return json_string(s ? s : "");   /* NULL if s is not UTF-8 */
}

int abi_refuse(AgentBar *bar, const char *method, json_t *params, int rc)
{
	json_decref(params);
	if (!bar)
		return rc;
	abi_set_last_error(bar, rc);
	abi_log(bar, ABI_WARN, "%s -> %d %s", method, rc, ab_ResultName(rc));
	return rc;
}

int abi_invoke(AgentBar *bar, const char *method, json_t *params,
	       abi_apply_fn *apply, json_t **result)
{
	json_t *answer;
	const char *message;
	int rc;

	if (result)
		*result = NULL;
	rc = abi_check(bar, method);
	if (!rc && !params) {
		/* building params failed: abi_str() gives NULL for text
		 * that is not UTF-8 */
		abi_log(bar, ABI_WARN, "%s: a text argument is not UTF-8",
			method);
		rc = ArInvalidParam;
	}
	if (rc)
		return abi_refuse(bar, method, params, rc);
	rc = abi_call(bar, method, params, apply, &answer);
	abi_set_last_error(bar, rc);
	/* the server may say more precisely what was wrong */
	message = json_string_value(json_object_get(answer, "message"));
	abi_log(bar, rc ? ABI_WARN : ABI_TRACE, "%s -> %d %s%s%s", method, rc,
		ab_ResultName(rc), message ? ": " : "", message ? message : "");
	if (result)
		*result = answer;
	else
		json_decref(answer);
	return rc;
}

char *abi_invoke_str(AgentBar *bar, const char *method, json_t *params,
		     bool is_json)
{
	json_t *result, *parsed;
	const char *data = "";
	char *s;
	int rc = abi_invoke(bar, method, params, NULL, &result);

	if (rc == 0) {
		data = json_string_value(json_object_get(result, "data"));
		parsed = data && is_json ? json_loads(data, JSON_DECODE_ANY,
						      NULL) : NULL;
		if (!data || (is_json && !parsed)) {
			abi_log(bar, ABI_WARN, "%s: the answer has no %s data",
				method, is_json ? "JSON" : "text");
			abi_set_last_error(bar,
					   AGENTBARERROR_JSON_READERERROR);
			data = "";
		}
		json_decref(parsed);
	}
	s = strdup(data);
	json_decref(result);
	return s;
}

int abi_invoke_value(AgentBar *bar, const char *method, json_t *params,
		     abi_apply_fn *apply)
{
	json_t *result, *value;
	int rc = abi_invoke(bar, method, params, apply, &result);

	value = json_object_get(result, "value");
	if (rc == 0 && (!json_is_integer(value) ||
			json_integer_value(value) < 0 ||
			json_integer_value(value) >=
				AGENTBARERROR_BGCC_CLIENTPROXYFAIL)) {
		abi_log(bar, ABI_WARN, "%s: the answer has no value", method);
		rc = AGENTBARERROR_JSON_READERERROR;
		abi_set_last_error(bar, rc);
	}
	if (rc == 0)
		rc = (int)json_integer_value(value);
	else if (rc < AGENTBARERROR_BGCC_CLIENTPROXYFAIL)
		/* The manual reads >= 1000 as failure; a server code would
		 * pass for a value. ab_LastError() keeps the real code. */
		rc = AGENTBARERROR_BGCC_EXCEPTION;
	json_decref(result);
	return rc;
}

void ab_FreeString(char *s)
{
	free(s);
}
