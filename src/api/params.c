/*
 * params.c — validation of a method's named parameters (see params.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "api/params.h"

json_t *params_get(const json_t *obj, const char *name)
{
	json_t *exact, *v, *found = NULL;
	const char *key;

	if (!json_is_object(obj))
		return NULL;
	exact = json_object_get(obj, name);
	if (exact)
		return exact;
	json_object_foreach((json_t *)obj, key, v) {
		if (!strcasecmp(key, name)) {
			found = v;
			break;
		}
	}
	return found;
}

static const char *type_name(enum ptype t)
{
	switch (t) {
	case PT_STR:  return "a string";
	case PT_INT:  return "an integer";
	case PT_BOOL: return "a boolean (true/false or 0/1)";
	case PT_OBJ:  return "an object";
	case PT_ARR:  return "an array";
	}
	return "?";
}

static int one(const json_t *v, const struct pspec *p, struct pval *out,
	       char *msg, size_t msgsize)
{
	switch (p->type) {
	case PT_STR:
		if (!json_is_string(v))
			break;
		out->s = json_string_value(v);
		if (p->maxlen && json_string_length(v) > p->maxlen) {
			snprintf(msg, msgsize, "parameter %s is longer than "
				 "%zu bytes", p->name, p->maxlen);
			return p->toolong ? p->toolong : PARAMS_INVALID;
		}
		return 0;
	case PT_INT:
		if (!json_is_integer(v))
			break;
		out->i = json_integer_value(v);
		if (out->i < p->min || out->i > p->max) {
			snprintf(msg, msgsize, "parameter %s must be in "
				 "%lld..%lld", p->name, p->min, p->max);
			return PARAMS_INVALID;
		}
		return 0;
	case PT_BOOL:
		if (json_is_boolean(v)) {
			out->i = json_is_true(v);
			return 0;
		}
		if (json_is_integer(v) && (json_integer_value(v) == 0 ||
					   json_integer_value(v) == 1)) {
			out->i = json_integer_value(v);
			return 0;
		}
		break;
	case PT_OBJ:
		if (!json_is_object(v))
			break;
		out->j = (json_t *)v;
		return 0;
	case PT_ARR:
		if (!json_is_array(v))
			break;
		out->j = (json_t *)v;
		return 0;
	}
	snprintf(msg, msgsize, "parameter %s must be %s", p->name,
		 type_name(p->type));
	return PARAMS_INVALID;
}

int params_parse(const json_t *params, const struct pspec *spec,
		 struct pval *out, char *msg, size_t msgsize)
{
	size_t i;

	if (params && !json_is_object(params)) {
		snprintf(msg, msgsize, "params must be an object");
		return PARAMS_INVALID;
	}
	for (i = 0; spec && spec[i].name; i++) {
		const struct pspec *p = &spec[i];
		json_t *v;
		int err;

		if (i >= PARAMS_MAX) {
			snprintf(msg, msgsize, "too many parameters declared");
			return PARAMS_INTERNAL;
		}
		memset(&out[i], 0, sizeof(out[i]));
		out[i].s = "";
		out[i].i = p->def;
		v = params_get(params, p->name);
		if (!v || json_is_null(v)) {
			if (p->required) {
				snprintf(msg, msgsize, "missing parameter %s",
					 p->name);
				return PARAMS_INVALID;
			}
			continue;
		}
		out[i].set = true;
		err = one(v, p, &out[i], msg, msgsize);
		if (err)
			return err;
	}
	return 0;
}

void params_list_foreach(const char *list,
			 void (*h)(const char *item, void *arg), void *arg)
{
	char item[4097];

	while (list && *list) {
		size_t n = strcspn(list, ",;");
		const char *p = list;

		list += n;
		if (*list)
			list++;
		while (n && *p == ' ')
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		if (!n || n >= sizeof(item))
			continue;
		memcpy(item, p, n);
		item[n] = '\0';
		h(item, arg);
	}
}
