/*
 * ext.c — methods registered from outside the API (see api_ext.h): each
 * table becomes one more method table of the dispatcher, whose handler
 * passes the checked params to the registered one and takes its answer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"

struct ext {
	struct le le;                      /* in api->exts */
	const struct api_ext_method *tab;  /* the registered table */
	void *arg;
	size_t n;
	struct rpc_method m[];             /* tab as the dispatcher sees it,
					      then a NULL-name end */
};

struct api_ext_call {
	json_t *result;                    /* the answer; NULL: none yet */
};

static json_t *ext_h(struct rpc_call *c)
{
	struct api_ext_call call = {NULL};

	for (struct le *le = list_head(&c->api->exts); le; le = le->next) {
		const struct ext *e = le->data;

		for (size_t i = 0; i < e->n; i++) {
			if (&e->m[i] == c->m) {
				e->tab[i].h(&call, c->v, e->arg);
				return call.result;
			}
		}
	}
	return NULL;
}

/* Whether a name of tab is known already, or twice in tab. */
static bool clash(const struct api *api, const struct api_ext_method *tab)
{
	for (size_t i = 0; tab[i].name; i++) {
		if (rpc_method_find(api->tables, tab[i].name))
			return true;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(tab[i].name, tab[j].name))
				return true;
	}
	return false;
}

int api_ext_register(struct api *api, const struct api_ext_method *tab,
		     void *arg)
{
	struct ext *e;
	size_t n = 0;
	int err;

	if (!api || !tab)
		return EINVAL;
	for (; tab[n].name; n++)
		if (!*tab[n].name || !tab[n].h)
			return EINVAL;
	if (api->stats.rpc_requests)
		return EALREADY;
	if (clash(api, tab))
		return EEXIST;
	e = mem_zalloc(sizeof(*e) + (n + 1) * sizeof(e->m[0]), NULL);
	if (!e)
		return ENOMEM;
	e->tab = tab;
	e->arg = arg;
	e->n = n;
	for (size_t i = 0; i < n; i++) {
		e->m[i].name = tab[i].name;
		e->m[i].h = ext_h;
		e->m[i].needs = NEEDS_ADMIN;
		e->m[i].params = tab[i].params;
	}
	err = dispatch_add_table(api, e->m);
	if (err) {
		mem_deref(e);
		return err;
	}
	list_append(&api->exts, &e->le, e);
	return 0;
}

void api_ext_reply(struct api_ext_call *call, int code, const char *fmt,
		   ...)
{
	char msg[160];
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	}
	json_decref(call->result);
	call->result = result_msg(code, fmt ? msg : NULL);
}

void api_ext_reply_value(struct api_ext_call *call, const char *key,
			 json_t *value)
{
	json_t *r = value ? result_code(0) : NULL;

	if (!r)
		json_decref(value);
	else if (json_object_set_new(r, key, value))
		r = (json_decref(r), NULL);
	json_decref(call->result);
	call->result = r;
}
