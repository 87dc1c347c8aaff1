/*
 * http.c — the HTTP port: GET /health for load balancers and supervisors
 * of the process, GET /sysinfo (SysInfoT) for dashboards. The WebSocket
 * endpoint /ws joins it later.
 */
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"
#include "log.h"

static void reply_json(struct http_conn *conn, json_t *v)
{
	char *text = v ? shape_text(v) : NULL;

	if (text)
		http_creply(conn, 200, "OK", "application/json", "%s", text);
	else
		http_ereply(conn, 500, "Internal Server Error");
	free(text);
	json_decref(v);
}

static void req_h(struct http_conn *conn, const struct http_msg *msg,
		  void *arg)
{
	struct api *api = arg;
	bool health = !pl_strcmp(&msg->path, "/health");
	bool sysinfo = !pl_strcmp(&msg->path, "/sysinfo");

	if (!health && !sysinfo) {
		http_ereply(conn, 404, "Not Found");
		return;
	}
	if (pl_strcmp(&msg->met, "GET")) {
		http_ereply(conn, 405, "Method Not Allowed");
		return;
	}
	if (health) {
		reply_json(conn, json_pack("{s:s}", "status", "ok"));
	} else {
		struct sys_info si;

		core_sys_info(api->core, &si);
		reply_json(conn, shape_sys_info(&si));
	}
}

int http_start(struct api *api)
{
	struct sa laddr;
	int err;

	err = sa_set_str(&laddr, api->listen_address, api->conf.http_port);
	if (err)
		return err;
	err = http_listen(&api->hs, &laddr, req_h, api);
	if (err) {
		log_error("http port %s:%u: %s", api->listen_address,
			  api->conf.http_port, strerror(err));
		return err;
	}
	err = tcp_sock_local_get(http_sock_tcp(api->hs), &laddr);
	if (err)
		return err;
	api->http_port = sa_port(&laddr);
	return 0;
}
