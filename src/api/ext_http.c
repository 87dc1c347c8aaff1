/*
 * ext_http.c — HTTP paths served from outside the API (api_ext.h): the
 * SIP switch's /sip, SIP over WebSocket for browser phones. The API
 * routes the request and hands over the connection; what the path
 * speaks is the backend's.
 */
#include <errno.h>
#include <string.h>
#include "api/api_int.h"

enum { EXT_PATH_MAX = 64 };

struct ext_path {
	struct le le;              /* in api->ext_paths */
	char path[EXT_PATH_MAX];
	api_ext_http_h *h;
	void *arg;
};

/* The API's own paths; everything else is a file of the web root. */
static const char *const own[] = {
	"/ws", "/health", "/healthz", "/sysinfo", "/metrics",
};

static struct ext_path *find(const struct api *api, const struct pl *path)
{
	struct le *le;

	LIST_FOREACH(&api->ext_paths, le) {
		struct ext_path *p = le->data;

		if (!pl_strcmp(path, p->path))
			return p;
	}
	return NULL;
}

int api_ext_http(struct api *api, const char *path, api_ext_http_h *h,
		 void *arg)
{
	struct ext_path *p;
	struct pl pl;

	if (!api || !path || path[0] != '/' || !h ||
	    strlen(path) >= EXT_PATH_MAX)
		return EINVAL;
	pl_set_str(&pl, path);
	for (size_t i = 0; i < ARRAY_SIZE(own); i++)
		if (!strcmp(path, own[i]))
			return EEXIST;
	if (find(api, &pl))
		return EEXIST;
	p = mem_zalloc(sizeof(*p), NULL);
	if (!p)
		return ENOMEM;
	str_ncpy(p->path, path, sizeof(p->path));
	p->h = h;
	p->arg = arg;
	list_append(&api->ext_paths, &p->le, p);
	return 0;
}

bool ext_http_serve(struct api *api, struct http_conn *hc,
		    const struct http_msg *msg)
{
	const struct ext_path *p = find(api, &msg->path);

	if (!p)
		return false;
	p->h(hc, msg, p->arg);
	return true;
}
