/*
 * rpc.c — see rpc.h.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpc.h"

void rpc_dial(struct rpc *c, int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	int one = 1;

	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("connect");
		exit(1);
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

void rpc_send(struct rpc *c, const char *method, json_t *params)
{
	json_t *req = json_pack("{s:s, s:i, s:s, s:o}", "jsonrpc", "2.0",
				"id", ++c->next_id, "method", method,
				"params", params ? params : json_object());
	char *line = json_dumps(req, JSON_COMPACT);
	size_t n = strlen(line);

	line = realloc(line, n + 2);
	line[n] = '\n';
	if (write(c->fd, line, n + 1) != (ssize_t)(n + 1)) {
		perror("write");
		exit(1);
	}
	free(line);
	json_decref(req);
}

static void fill(struct rpc *c)
{
	ssize_t n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);

	if (n <= 0) {
		fprintf(stderr, "connection closed\n");
		exit(1);
	}
	c->len += (size_t)n;
}

/* The next complete message, or NULL; consumes it. */
static json_t *next_msg(struct rpc *c)
{
	char *nl = memchr(c->buf, '\n', c->len);
	json_t *m;
	size_t used;

	if (!nl)
		return NULL;
	m = json_loadb(c->buf, (size_t)(nl - c->buf), 0, NULL);
	used = (size_t)(nl - c->buf) + 1;
	memmove(c->buf, nl + 1, c->len - used);
	c->len -= used;
	return m ? m : json_object();
}

void rpc_pump(struct rpc *c, rpc_msg_h *h, void *arg)
{
	json_t *m;

	fill(c);
	while ((m = next_msg(c))) {
		if (h)
			h(c, m, arg);
		json_decref(m);
	}
}

int rpc_call(struct rpc *c, const char *method, json_t *params)
{
	int want = c->next_id + 1, code = -1;
	json_t *m;

	rpc_send(c, method, params);
	while (code < 0) {
		while (!(m = next_msg(c)))
			fill(c);
		if (json_integer_value(json_object_get(m, "id")) == want)
			code = (int)json_integer_value(json_object_get(
				json_object_get(m, "result"), "code"));
		json_decref(m);
	}
	return code;
}

void rpc_signin_agents(struct rpc *agents, int n, int port)
{
	for (int i = 0; i < n; i++) {
		char id[16], pw[24], dn[16];
		int code;

		snprintf(id, sizeof(id), "%d", 2001 + i);
		snprintf(pw, sizeof(pw), "%s123", id);
		snprintf(dn, sizeof(dn), "%d", 1880 + i);
		rpc_dial(&agents[i], port);
		code = rpc_call(&agents[i], "SignIn", json_pack(
			"{s:s, s:s, s:s, s:b, s:b, s:s}", "AgentID", id,
			"PassWord", pw, "DN", dn, "AutoAnswer", 1,
			"ForceSignIn", 1, "ServiceList", "示例"));
		if (code) {
			fprintf(stderr, "sign-in of %s on %s failed: %d\n", id,
				dn, code);
			exit(1);
		}
	}
}
