/*
 * api.h — the daemon's client-facing side: the JSON-RPC TCP server (agent
 * bars and admin consoles), the HTTP server, and the bridge from the core's
 * events to the connections. main.c uses only this header.
 *
 * Start-up order (the core needs the API's handlers, the API needs the
 * core): api_alloc(), api_core_handlers() into core_alloc(), then
 * api_start() with the core; methods from outside the API (api_ext.h)
 * are registered before api_start(). Shutdown: core_shutdown(),
 * api_close_sessions(), then mem_deref the api before the core.
 */
#ifndef CALLCLOUD_API_H
#define CALLCLOUD_API_H

#include <stdbool.h>
#include <stdint.h>
#include "lockout.h"

struct api;
struct core;
struct core_handlers;
struct store;

/* The API's limits (docs/security.md "Limits and floods", [limits]). */
struct api_limits {
	uint32_t conns_per_source;   /* agent port, /ws, HTTP port, each */
	uint32_t max_sessions;       /* both doors together */
	uint32_t rpc_rate;           /* requests a second a connection ... */
	uint32_t rpc_burst;          /* ... and saved up */
	uint32_t signin_timeout;     /* s a connection may stay fresh */
	uint32_t http_header_timeout; /* s for an HTTP request's headers */
	uint32_t outq_max_bytes;     /* output a client leaves unread */
};

struct api_conf {
	const char *listen_address;  /* "0.0.0.0" */
	uint16_t agent_port;         /* 0 = any free port */
	uint16_t http_port;          /* 0 = any free port */
	int heartbeat_timeout;       /* s without a line from a client */
	int signin_fail_delay_ms;    /* delay of a wrong-password reply */
	struct lockout_conf admin_lock;   /* Admin.* passwords per user */
	struct lockout_conf address_lock; /* any password per address */
	const char *web_root;        /* static files; NULL or "": none */
	const char *allowed_origins; /* /ws Origins besides the page's own */
	const char *frame_ancestors; /* CSP sources that may frame pages */
	struct api_limits limits;
	/* The TLS ports: each is on with a port >= 0 (0: any free one) and
	 * its certificate; without one it is off, whatever its number. */
	struct tls *tls;             /* the agent TLS port's context */
	const char *tls_cert;        /* the PEM file of tls, for HTTPS:
					libre's server loads its own context */
	int agent_tls_port;          /* JSON-RPC over TLS; -1 off */
	int https_port;              /* HTTPS and WSS; -1 off */
};

/* The production defaults of [limits] (docs/security.md). */
void api_limits_default(struct api_limits *l);
int  api_alloc(struct api **apip, const struct api_conf *conf,
	       struct store *st);
void api_core_handlers(struct api *api, struct core_handlers *h);
/* Listens on its ports; the chosen ports are then known. */
int  api_start(struct api *api, struct core *core);
uint16_t api_agent_port(const struct api *api);
uint16_t api_http_port(const struct api *api);
/* The TLS ports chosen; 0 when off. */
uint16_t api_agent_tls_port(const struct api *api);
uint16_t api_https_port(const struct api *api);
/* A CTI of a pair (docs/operations.md, "High availability and
 * scale-out"): whether it serves, for /healthz, sign-in and /metrics.
 * Until api_set_ha() the daemon is alone and master. */
struct api_ha {
	bool pair;                  /* [switch] leader = pg */
	bool master;                /* false: standby (or a CTI alone whose
				       node has not synced yet), sign-in
				       refused */
	uint64_t token;             /* the fencing token, master only */
	uint64_t takeovers;         /* times this process became master */
	uint64_t last_takeover_us;  /* wall clock, 0: none */
	uint64_t last_takeover_ms;  /* from the lock to serving */
};
void api_set_ha(struct api *api, const struct api_ha *ha);
/* Closes every connection now (the bars' agents are reported lost). */
void api_close_sessions(struct api *api);

#endif
