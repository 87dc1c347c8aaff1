/*
 * properties.c — the manual's properties (3.1): storage with the defaults
 * of AGENTBAR-API.md section 3, access by name (ab_SetProperty /
 * ab_GetProperty) and the typed pair per property (ab_SetAgentID ...).
 *
 * Values are checked here, once, so the rest of the SDK can trust them:
 * strings are UTF-8 (they go into JSON) and bounded, numbers are in range.
 * The extensions of bar.h (the softphone's, TLS's) share the storage and
 * the access by name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bar.h"

enum { MAX_STRING_PROPERTY = 4096 };

struct long_desc {
	const char *name;
	long def, min, max;
	bool boolean;
};

#define STR_NAME(P) #P,
static const char *const str_names[ABI_NSTR] = {
	ABI_STRING_PROPERTIES(STR_NAME)
	ABI_EXT_STRING_PROPERTIES(STR_NAME)
};
#undef STR_NAME

#define LONG_DESC(P, d, lo, hi, b) {#P, d, lo, hi, b},
static const struct long_desc long_props[ABI_NLONG] = {
	ABI_LONG_PROPERTIES(LONG_DESC)
	ABI_EXT_LONG_PROPERTIES(LONG_DESC)
};
#undef LONG_DESC

/* The manual's example spells ANISChangeType as ANICChangeType. */
static const char *canonical_name(const char *name)
{
	return strcasecmp(name, "ANICChangeType") ? name : "ANISChangeType";
}

static int find_str(const char *name)
{
	for (int i = 0; i < ABI_NSTR; i++) {
		if (!strcasecmp(str_names[i], name))
			return i;
	}
	return -1;
}

static int find_long(const char *name)
{
	for (int i = 0; i < ABI_NLONG; i++) {
		if (!strcasecmp(long_props[i].name, name))
			return i;
	}
	return -1;
}

static bool is_read_only(const char *name)
{
	return !strcasecmp(name, "IsInitial") || !strcasecmp(name, "IsSignIn");
}

void abi_props_init(AgentBar *bar)
{
	for (int i = 0; i < ABI_NLONG; i++)
		bar->num[i] = long_props[i].def;
	bar->loglevel = (int)long_props[ABI_L_LogLevel].def;
}

void abi_props_free(AgentBar *bar)
{
	for (int i = 0; i < ABI_NSTR; i++) {
		free(bar->str[i]);
		bar->str[i] = NULL;
	}
}

static bool valid_string(const char *v)
{
	json_t *j;

	if (strlen(v) > MAX_STRING_PROPERTY)
		return false;
	j = json_string(v);     /* NULL unless v is valid UTF-8 */
	json_decref(j);
	return j != NULL;
}

static int set_str(AgentBar *bar, int i, const char *v)
{
	char *copy;

	if (!v)
		v = "";
	if (!valid_string(v)) {
		abi_log(bar, ABI_WARN, "property %s: not UTF-8 or longer than "
			"%d bytes; ignored", str_names[i], MAX_STRING_PROPERTY);
		return ArInvalidParam;
	}
	/* a pin that cannot match would refuse every server, later */
	if (i == ABI_S_TLSFingerprint && *v &&
	    abi_tls_parse_fingerprint(v, NULL)) {
		abi_log(bar, ABI_WARN, "property TLSFingerprint: \"%s\" is "
			"not a SHA-256 fingerprint (64 hex digits, a colon "
			"between two or none); ignored", v);
		return ArInvalidParam;
	}
	copy = strdup(v);
	if (!copy)
		return ArFailed;
	pthread_mutex_lock(&bar->mu);
	free(bar->str[i]);
	bar->str[i] = copy;
	pthread_mutex_unlock(&bar->mu);
	return 0;
}

static int set_long(AgentBar *bar, int i, long v)
{
	const struct long_desc *d = &long_props[i];

	if (d->boolean)
		v = v != 0;     /* COM passes VARIANT_TRUE as -1 */
	if (v < d->min || v > d->max) {
		abi_log(bar, ABI_WARN, "property %s: %ld is out of range "
			"%ld..%ld; ignored", d->name, v, d->min, d->max);
		return ArInvalidParam;
	}
	pthread_mutex_lock(&bar->mu);
	bar->num[i] = v;
	pthread_mutex_unlock(&bar->mu);
	if (i == ABI_L_LogLevel)
		__atomic_store_n(&bar->loglevel, (int)v, __ATOMIC_RELAXED);
	return 0;
}

static bool parse_long(const char *s, bool boolean, long *out)
{
	char *end;

	if (boolean && !strcasecmp(s, "true")) {
		*out = 1;
		return true;
	}
	if (boolean && !strcasecmp(s, "false")) {
		*out = 0;
		return true;
	}
	errno = 0;
	*out = strtol(s, &end, 10);
	return *s && !*end && errno == 0;
}

long abi_get_long(AgentBar *bar, enum abi_long_prop p)
{
	long v;

	pthread_mutex_lock(&bar->mu);
	v = bar->num[p];
	pthread_mutex_unlock(&bar->mu);
	return v;
}

char *abi_get_str(AgentBar *bar, enum abi_str_prop p)
{
	char *v;

	pthread_mutex_lock(&bar->mu);
	v = strdup(bar->str[p] ? bar->str[p] : "");
	pthread_mutex_unlock(&bar->mu);
	return v;
}

static bool state_flag(AgentBar *bar, bool signin)
{
	bool v;

	pthread_mutex_lock(&bar->mu);
	v = signin ? bar->signed_in : bar->initialised;
	pthread_mutex_unlock(&bar->mu);
	return v;
}

int ab_SetProperty(AgentBar *bar, const char *name, const char *value)
{
	long v;
	int i;

	if (!bar || !name || !value)
		return ArInvalidParam;
	name = canonical_name(name);
	if (!strcasecmp(name, "DispatchMode")) {
		if (strcmp(value, "thread") && strcmp(value, "manual"))
			return ArInvalidParam;
		abi_evq_set_manual(bar, !strcmp(value, "manual"));
		return 0;
	}
	if (is_read_only(name)) {
		/* The manual's own example sets them; accept and ignore. */
		abi_log(bar, ABI_WARN, "property %s is read-only; ignored",
			name);
		return 0;
	}
	i = find_str(name);
	if (i >= 0)
		return set_str(bar, i, value);
	i = find_long(name);
	if (i < 0) {
		abi_log(bar, ABI_WARN, "no property named %s", name);
		return ArInvalidParam;
	}
	if (!parse_long(value, long_props[i].boolean, &v)) {
		abi_log(bar, ABI_WARN, "property %s: \"%s\" is not a number",
			name, value);
		return ArInvalidParam;
	}
	return set_long(bar, i, v);
}

int ab_GetProperty(AgentBar *bar, const char *name, char *buf, size_t buflen)
{
	int i, n;

	if (!bar || !name || !buf || !buflen)
		return ArInvalidParam;
	name = canonical_name(name);
	if (!strcasecmp(name, "DispatchMode"))
		n = snprintf(buf, buflen, "%s",
			     abi_evq_is_manual(bar) ? "manual" : "thread");
	else if (is_read_only(name))
		n = snprintf(buf, buflen, "%d",
			     state_flag(bar, !strcasecmp(name, "IsSignIn")));
	else if ((i = find_str(name)) >= 0) {
		pthread_mutex_lock(&bar->mu);
		n = snprintf(buf, buflen, "%s", bar->str[i] ? bar->str[i] : "");
		pthread_mutex_unlock(&bar->mu);
	} else if ((i = find_long(name)) >= 0)
		n = snprintf(buf, buflen, "%ld", abi_get_long(bar, i));
	else
		return ArInvalidParam;
	return n >= 0 && (size_t)n < buflen ? 0 : ArInvalidParam;
}

/* The typed pairs. Getters of strings hand out the stored pointer, which
 * the header documents as valid until the property is set again. */
#define STR_ACCESSORS(P) \
	void ab_Set##P(AgentBar *bar, const char *v) \
	{ \
		if (bar) \
			set_str(bar, ABI_S_##P, v); \
	} \
	const char *ab_Get##P(AgentBar *bar) \
	{ \
		const char *v; \
		if (!bar) \
			return ""; \
		pthread_mutex_lock(&bar->mu); \
		v = bar->str[ABI_S_##P]; \
		pthread_mutex_unlock(&bar->mu); \
		return v ? v : ""; \
	}
ABI_STRING_PROPERTIES(STR_ACCESSORS)
#undef STR_ACCESSORS

#define LONG_ACCESSORS(P, d, lo, hi, b) \
	void ab_Set##P(AgentBar *bar, long v) \
	{ \
		if (bar) \
			set_long(bar, ABI_L_##P, v); \
	} \
	long ab_Get##P(AgentBar *bar) \
	{ \
		return bar ? abi_get_long(bar, ABI_L_##P) : 0; \
	}
ABI_LONG_PROPERTIES(LONG_ACCESSORS)
#undef LONG_ACCESSORS

void ab_SetIsInitial(AgentBar *bar, long v)
{
	(void)v;
	if (bar)
		abi_log(bar, ABI_WARN, "property IsInitial is read-only; "
			"ignored");
}

long ab_GetIsInitial(AgentBar *bar)
{
	return bar ? state_flag(bar, false) : 0;
}

void ab_SetIsSignIn(AgentBar *bar, long v)
{
	(void)v;
	if (bar)
		abi_log(bar, ABI_WARN, "property IsSignIn is read-only; "
			"ignored");
}

long ab_GetIsSignIn(AgentBar *bar)
{
	return bar ? state_flag(bar, true) : 0;
}
