/*
 * addr.c — where the CTI servers are: MainCTIIP, then BackCTIIP, each
 * "host", "host:port", "[v6]" or "[v6]:port" with CTIPort for a missing
 * port, or any of them after "tls://" (TLS, tls.c) with 10443 for a
 * missing port. A bad one is logged and left out.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conn.h"

static bool parse_port(const char *s, int *port)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > 65535)
		return false;
	*port = (int)v;
	return true;
}

/* The daemon's agent_tls_port as shipped: CTIPort is the plain port. */
enum { TLS_DEFAULT_PORT = 10443 };
static const char TLS_SCHEME[] = "tls://";

/* A port here overrides CTIPort (an extension: main and back may listen on
 * different ports). */
static int parse_server(const char *spec, int defport, struct abi_server *srv)
{
	const char *host, *end, *colon;
	int port = defport;
	size_t hlen;

	srv->tls = !strncasecmp(spec, TLS_SCHEME, sizeof(TLS_SCHEME) - 1);
	if (srv->tls) {
		spec += sizeof(TLS_SCHEME) - 1;
		port = TLS_DEFAULT_PORT;
	} else if (strstr(spec, "://")) {
		return -1;      /* a scheme other than tls:// */
	}
	host = spec;
	if (spec[0] == '[') {
		end = strchr(spec, ']');
		if (!end)
			return -1;
		host = spec + 1;
		hlen = (size_t)(end - host);
		if (end[1] == ':' ? !parse_port(end + 2, &port) : end[1] != 0)
			return -1;
	} else if ((colon = strchr(spec, ':')) && !strchr(colon + 1, ':')) {
		hlen = (size_t)(colon - spec);
		if (!parse_port(colon + 1, &port))
			return -1;
	} else {
		hlen = strlen(spec);
	}
	/* a path or a space after the host is a typo, not a name */
	if (!hlen || strcspn(host, "/ \t") < hlen)
		return -1;
	srv->host = strndup(host, hlen);
	if (!srv->host)
		return -1;
	srv->port = port;
	return 0;
}

static void add_server(AgentBar *bar, enum abi_str_prop p, const char *name,
		       int port)
{
	struct abi_conn *c = &bar->conn;
	char *spec = abi_get_str(bar, p);

	if (spec && *spec) {
		if (parse_server(spec, port, &c->server[c->nservers]) == 0)
			c->nservers++;
		else
			abi_log(bar, ABI_ERROR, "%s \"%s\" is not host, "
				"host:port or [v6]:port, after tls:// or "
				"not", name, spec);
	}
	free(spec);
}

int abi_addr_load(AgentBar *bar)
{
	int port = (int)abi_get_long(bar, ABI_L_CTIPort);

	add_server(bar, ABI_S_MainCTIIP, "MainCTIIP", port);
	add_server(bar, ABI_S_BackCTIIP, "BackCTIIP", port);
	return bar->conn.nservers;
}

void abi_addr_free(struct abi_conn *c)
{
	for (int i = 0; i < c->nservers; i++)
		free(c->server[i].host);
	c->nservers = 0;
}
