/*
 * config.c — defaults, INI file (inih) and command-line flags.
 *
 * Every key is described once in `keys` below, with its type and range, so
 * the INI parser and the flags validate the same way. A bad file is refused
 * as a whole with "FILE:LINE: ..." naming the key: a daemon that starts
 * with half of its settings silently ignored is worse than one that stops.
 */
#include <errno.h>
#include <getopt.h>
#include <arpa/inet.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "config.h"
#include "store/store.h"
#include "switch/multi/multi.h"
#include "switch/sip/sip_switch.h"

enum key_type { K_INT, K_PORT, K_UINT, K_BOOL, K_STR, K_SWITCH, K_ROLE };

struct key {
	const char *section;
	const char *name;
	enum key_type type;
	size_t offset;
	size_t size;       /* K_STR buffer size */
	long long min, max;
};

#define KEY(sec, name, type, field, min, max) \
	{sec, name, type, offsetof(struct config, field), \
	 sizeof(((struct config *)0)->field), min, max}

static const struct key keys[] = {
	KEY("server", "switch", K_SWITCH, sw, 0, 0),
	KEY("server", "db", K_STR, db, 1, 0),
	KEY("server", "cdr_journal", K_STR, cdr_journal, 1, 0),
	KEY("server", "listen_address", K_STR, listen_address, 1, 0),
	KEY("server", "agent_port", K_PORT, agent_port, 0, 65535),
	KEY("server", "http_port", K_PORT, http_port, 0, 65535),
	KEY("server", "sip_port", K_PORT, sip_port, 0, 65535),
	KEY("server", "agent_tls_port", K_INT, agent_tls_port, -1, 65535),
	KEY("server", "log_level", K_INT, log_level, 0, 3),
	KEY("server", "log_file", K_STR, log_file, 0, 0),
	KEY("server", "recordings_dir", K_STR, recordings_dir, 1, 0),
	KEY("server", "demo", K_BOOL, demo, 0, 1),
	KEY("server", "role", K_ROLE, role, 0, 0),
	KEY("switch", "node_port", K_PORT, node_port, 0, 65535),
	KEY("switch", "switch_node", K_STR, switch_node, 0, 0),
	KEY("switch", "fence_token", K_UINT, fence_token, 0, 4294967295LL),
	KEY("switch", "leader", K_STR, leader, 0, 0),
	KEY("switch", "node_secret", K_STR, node_secret, 0, 0),
	KEY("switch", "orphan_timeout", K_INT, orphan_timeout, 1, 86400),
	KEY("switch", "node_heartbeat_ms", K_INT, node_heartbeat_ms, 100,
	    60000),
	KEY("switch", "node_reconnect_ms", K_INT, node_reconnect_ms, 100,
	    60000),
	KEY("http", "tls_port", K_INT, https_port, -1, 65535),
	KEY("http", "web_root", K_STR, web_root, 0, 0),
	KEY("http", "allowed_origins", K_STR, allowed_origins, 0, 0),
	KEY("http", "frame_ancestors", K_STR, frame_ancestors, 0, 0),
	KEY("sip", "rtp_port_min", K_PORT, rtp_port_min, 1024, 65534),
	KEY("sip", "rtp_port_max", K_PORT, rtp_port_max, 1025, 65535),
	KEY("sip", "realm", K_STR, sip_realm, 1, 0),
	KEY("sip", "trunk_address", K_STR, trunk_address, 0, 0),
	KEY("sip", "gateway", K_STR, gateway, 0, 0),
	KEY("sip", "trunk_user", K_STR, trunk_user, 0, 0),
	KEY("sip", "trunk_password", K_STR, trunk_password, 0, 0),
	KEY("sip", "options_interval", K_INT, options_interval, 0, 3600),
	KEY("sip", "ws_port", K_INT, ws_port, -1, 65535),
	KEY("sip", "tls_port", K_INT, sip_tls_port, -1, 65535),
	KEY("sip", "media_address", K_STR, media_address, 0, 0),
	KEY("sip", "dtls_cert", K_STR, dtls_cert, 0, 0),
	KEY("sip", "webrtc_timeout", K_INT, webrtc_timeout, 1, 120),
	KEY("sip", "ws_grace", K_INT, ws_grace, 0, 300),
	KEY("acd", "heartbeat_timeout", K_INT, acd.heartbeat_timeout, 1, 3600),
	KEY("acd", "signin_max_failures", K_INT, acd.signin_max_failures, 1,
	    1000),
	KEY("acd", "signin_window", K_INT, acd.signin_window, 1, 86400),
	KEY("acd", "signin_lockout", K_INT, acd.signin_lockout, 0, 86400),
	KEY("acd", "outbound_timeout", K_INT, acd.outbound_timeout, 1, 600),
	KEY("acd", "phone_timeout", K_INT, acd.phone_timeout, 1, 600),
	KEY("acd", "private_max_wait", K_INT, acd.private_max_wait, 0, 86400),
	KEY("acd", "service_level_seconds", K_INT, acd.service_level_seconds,
	    1, 3600),
	/* libsodium's argon2id floor is 1 pass and 8 KiB */
	KEY("tls", "cert", K_STR, tls_cert, 0, 0),
	KEY("security", "pwhash_ops", K_UINT, pwhash_ops, 1, 100),
	KEY("security", "pwhash_mem_kib", K_UINT, pwhash_mem_kib, 8, 4194304),
	KEY("security", "signin_fail_delay_ms", K_INT, signin_fail_delay_ms,
	    0, 10000),
	KEY("limits", "conns_per_source", K_UINT, limits.conns_per_source, 1,
	    100000),
	KEY("limits", "max_sessions", K_UINT, limits.max_sessions, 1,
	    1000000),
	KEY("limits", "rpc_rate", K_UINT, limits.rpc_rate, 1, 100000),
	KEY("limits", "rpc_burst", K_UINT, limits.rpc_burst, 1, 100000),
	KEY("limits", "signin_timeout", K_UINT, limits.signin_timeout, 1,
	    3600),
	KEY("limits", "http_header_timeout", K_UINT,
	    limits.http_header_timeout, 1, 600),
	KEY("limits", "outq_max_bytes", K_UINT, limits.outq_max_bytes, 65536,
	    268435456),
	KEY("limits", "sip_rate", K_UINT, sip_rate, 1, 100000),
	KEY("limits", "sip_burst", K_UINT, sip_burst, 1, 100000),
	KEY("limits", "sip_max_legs", K_UINT, sip_max_legs, 1, 100000),
	KEY("security", "admin_max_failures", K_INT, admin_lock.max_failures,
	    1, 1000),
	KEY("security", "admin_window", K_INT, admin_lock.window, 1, 86400),
	KEY("security", "admin_lockout", K_INT, admin_lock.lockout, 0, 86400),
	KEY("security", "address_max_failures", K_INT,
	    address_lock.max_failures, 1, 100000),
	KEY("security", "address_window", K_INT, address_lock.window, 1,
	    86400),
	KEY("security", "address_lockout", K_INT, address_lock.lockout, 0,
	    86400),
};

void config_default(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->sw = CONFIG_SWITCH_SIP;
	strcpy(cfg->db, "callcloud.db");
	strcpy(cfg->cdr_journal, STORE_JOURNAL_DEFAULT);
	strcpy(cfg->listen_address, "127.0.0.1");
	cfg->agent_port = 10000;
	cfg->http_port = 8080;
	cfg->sip_port = 5060;
	cfg->agent_tls_port = -1;
	cfg->https_port = -1;
	cfg->sip_tls_port = -1;
	cfg->log_level = 2;
	strcpy(cfg->recordings_dir, "recordings");
	cfg->demo = false;
	cfg->rtp_port_min = 20000;
	cfg->rtp_port_max = 20999;
	strcpy(cfg->sip_realm, "callcloud");
	strcpy(cfg->trunk_address, "127.0.0.1");
	cfg->options_interval = 30;
	cfg->ws_port = -1;
	cfg->webrtc_timeout = 10;
	cfg->ws_grace = 15;
	cfg->role = CONFIG_ROLE_ALL;
	cfg->node_port = 7070;
	cfg->orphan_timeout = 60;
	cfg->node_heartbeat_ms = 2000;
	cfg->node_reconnect_ms = 1000;
	core_config_default(&cfg->acd);
	/* crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE */
	cfg->pwhash_ops = 2;
	cfg->pwhash_mem_kib = 65536;
	cfg->signin_fail_delay_ms = 500;
	api_limits_default(&cfg->limits);
	cfg->sip_rate = 100;
	cfg->sip_burst = 400;
	cfg->sip_max_legs = 2000;
	cfg->admin_lock = (struct lockout_conf){5, 300, 300};
	cfg->address_lock = (struct lockout_conf){30, 300, 300};
}

const char *config_usage(void)
{
	return
	"usage: callcloud [options]\n"
	"  -c FILE            read settings from an INI file\n"
	"  --switch sip|sim   telephony backend (default sip)\n"
	"  --db PATH|URL      SQLite database file (default callcloud.db) or\n"
	"                     postgresql://user@host/dbname (PostgreSQL)\n"
	"  --agent-port N     JSON-RPC TCP port (default 10000, 0 = any free)\n"
	"  --http-port N      HTTP/WebSocket port (default 8080, 0 = any free)\n"
	"  --sip-port N       SIP port (default 5060, 0 = any free)\n"
	"  --agent-tls-port N, --https-port N, --sip-tls-port N\n"
	"                     TLS ports of the three (default -1: off,\n"
	"                     0 = any free)\n"
	"  --tls-cert FILE    their certificate and key (PEM; default:\n"
	"                     tls.pem by the database, made on first start)\n"
	"  --demo             load the demo directory into an empty database\n"
	"  --role switch|cti  run as a switch node, or as a CTI driving one\n"
	"                     (default: both in one process)\n"
	"  --node-port N      --role switch: the node port (default 7070)\n"
	"  --switch-node IP:PORT[,IP:PORT...]  --role cti: the switch nodes to\n"
	"                     drive (up to 16)\n"
	"  --fence-token N    --role cti: the fencing token (default 0)\n"
	"  --leader pg        --role cti: main/backup pair, leadership by a\n"
	"                     PostgreSQL lock (starts as standby)\n"
	"  --i-know-demo-credentials  listen on a non-loopback address even\n"
	"                     with the demo directory's passwords\n"
	"  --log-level 0..3   0 error, 1 warn, 2 trace, 3 debug (default 2)\n"
	"  -h, --help         print this help\n";
}

static void set_err(char *err, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!err || !size)
		return;
	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
}

static bool parse_ll(const char *s, long long *out)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return !errno && !*end;
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"1", "true", "yes", "on"};
	static const char *const no[] = {"0", "false", "no", "off"};

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Stores value into the field of k; on error returns EINVAL with a message
 * (without location, the caller prefixes it). */
static int key_set(struct config *cfg, const struct key *k, const char *value,
		   char *err, size_t errsize)
{
	char *field = (char *)cfg + k->offset;
	long long n;
	bool b;

	switch (k->type) {
	case K_SWITCH:
		if (!strcmp(value, "sim")) {
			cfg->sw = CONFIG_SWITCH_SIM;
			return 0;
		}
		if (!strcmp(value, "sip")) {
			cfg->sw = CONFIG_SWITCH_SIP;
			return 0;
		}
		set_err(err, errsize, "'%s' is not sim or sip", value);
		return EINVAL;
	case K_ROLE:
		if (!strcmp(value, "switch"))
			cfg->role = CONFIG_ROLE_SWITCH;
		else if (!strcmp(value, "cti"))
			cfg->role = CONFIG_ROLE_CTI;
		else if (!strcmp(value, "all"))
			cfg->role = CONFIG_ROLE_ALL;
		else {
			set_err(err, errsize, "'%s' is not switch, cti or all",
				value);
			return EINVAL;
		}
		return 0;
	case K_STR:
		if (strlen(value) < (size_t)k->min) {
			set_err(err, errsize, "must not be empty");
			return EINVAL;
		}
		if (strlen(value) >= k->size) {
			set_err(err, errsize, "longer than %zu bytes",
				k->size - 1);
			return EINVAL;
		}
		strcpy(field, value);
		return 0;
	case K_BOOL:
		if (!parse_bool(value, &b)) {
			set_err(err, errsize, "'%s' is not a boolean "
				"(true/false, yes/no, on/off, 1/0)", value);
			return EINVAL;
		}
		*(bool *)field = b;
		return 0;
	case K_INT:
	case K_UINT:
	case K_PORT:
		if (!parse_ll(value, &n) || n < k->min || n > k->max) {
			set_err(err, errsize, "'%s' is not an integer in "
				"%lld..%lld", value, k->min, k->max);
			return EINVAL;
		}
		if (k->type == K_INT)
			*(int *)field = (int)n;
		else if (k->type == K_UINT)
			*(unsigned *)field = (unsigned)n;
		else
			*(uint16_t *)field = (uint16_t)n;
		return 0;
	}
	return EINVAL;
}

static const struct key *key_find(const char *section, const char *name,
				  bool *section_known)
{
	*section_known = false;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].section, section))
			continue;
		*section_known = true;
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	}
	return NULL;
}

/* "section.name" → its key */
static const struct key *key_by_name(const char *name)
{
	const char *dot = strchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : 0;

	for (size_t i = 0; dot && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].section) == n &&
		    !strncmp(keys[i].section, name, n) &&
		    !strcmp(keys[i].name, dot + 1))
			return &keys[i];
	return NULL;
}

/* INI parsing state. The reader counts lines itself because this inih
 * build does not pass line numbers to the handler. */
struct ini_state {
	struct config *cfg;
	FILE *f;
	const char *path;
	int line;
	int err_line;      /* first error, 0 = none */
	char *err;
	size_t errsize;
	char *buf;         /* getline buffer */
	size_t bufsize;
};

static void ini_error(struct ini_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ini_error(struct ini_state *st, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (st->err_line)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	st->err_line = st->line;
	set_err(st->err, st->errsize, "%s:%d: %s", st->path, st->line, msg);
}

static char *ini_read(char *str, int num, void *stream)
{
	struct ini_state *st = stream;
	ssize_t n = getline(&st->buf, &st->bufsize, st->f);

	if (n < 0)
		return NULL;
	st->line++;
	if (memchr(st->buf, '\0', (size_t)n)) {
		ini_error(st, "NUL byte in the line");
		strcpy(str, "\n");
		return str;
	}
	if (n >= num) {
		ini_error(st, "line longer than %d bytes", num - 1);
		strcpy(str, "\n");   /* an empty line: nothing more to report */
		return str;
	}
	memcpy(str, st->buf, (size_t)n + 1);
	return str;
}

static int ini_key(void *user, const char *section, const char *name,
		       const char *value)
{
	struct ini_state *st = user;
	const struct key *k;
	bool section_known;
	char msg[200];

	k = key_find(section, name, &section_known);
	if (!section_known) {
		ini_error(st, "unknown section [%s] (key '%s')", section,
			  name);
		return 0;
	}
	if (!k) {
		ini_error(st, "unknown key '%s' in section [%s]", name,
			  section);
		return 0;
	}
	if (key_set(st->cfg, k, value, msg, sizeof(msg))) {
		ini_error(st, "[%s] %s: %s", section, name, msg);
		return 0;
	}
	return 1;
}

int config_load(struct config *cfg, const char *path, char *err,
		size_t errsize)
{
	struct ini_state st = {.cfg = cfg, .path = path, .err = err,
			       .errsize = errsize};
	int r;

	st.f = fopen(path, "r");
	if (!st.f) {
		int e = errno;

		set_err(err, errsize, "%s: cannot open: %s", path,
			strerror(e));
		return e == ENOENT ? ENOENT : EINVAL;
	}
	r = ini_parse_stream(ini_read, &st, ini_key, &st);
	fclose(st.f);
	free(st.buf);
	if (r == 0 && !st.err_line)
		return 0;
	if (!st.err_line) {
		/* inih refused a line before calling us: no '=' or ']' */
		st.line = r > 0 ? r : st.line;
		ini_error(&st, "syntax error (expected [section] or "
			  "key = value)");
	}
	return EINVAL;
}

static bool is_ip(const char *s, size_t len)
{
	unsigned char buf[sizeof(struct in6_addr)];
	char ip[INET6_ADDRSTRLEN];

	if (!len || len >= sizeof(ip))
		return false;
	memcpy(ip, s, len);
	ip[len] = '\0';
	return inet_pton(AF_INET, ip, buf) == 1 ||
	       inet_pton(AF_INET6, ip, buf) == 1;
}

bool config_loopback(const char *addr)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, addr, &a6) == 1 &&
	       IN6_IS_ADDR_LOOPBACK(&a6);
}

/* --demo loads passwords everybody knows (the README prints them): only
 * this host may reach such a daemon, unless its operator says otherwise. */
static int check_demo(const struct config *cfg, char *err, size_t errsize)
{
	if (!cfg->demo || cfg->demo_ok || config_loopback(cfg->listen_address))
		return 0;
	set_err(err, errsize, "--demo with listen_address %s: the demo "
		"directory's passwords are public. Listen on 127.0.0.1 "
		"([server] listen_address), or start with "
		"--i-know-demo-credentials", cfg->listen_address);
	return EINVAL;
}

/* "http://host[:port]" or "https://...": what a browser sends as Origin. */
static bool is_origin(const char *s, size_t len)
{
	size_t scheme = !strncmp(s, "http://", 7) ? 7 :
		!strncmp(s, "https://", 8) ? 8 : 0;

	if (!scheme || len <= scheme)
		return false;
	for (size_t i = scheme; i < len; i++) {
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '/' || s[i] == ',')
			return false;
	}
	return true;
}

/* The [http] keys that end up in headers: nothing that could end or
 * extend a header or a CSP directive. */
static int check_http(const struct config *cfg, char *err, size_t errsize)
{
	const char *p = cfg->allowed_origins;

	while (*p) {
		size_t n = strcspn(p, ",");

		while (n && p[n - 1] == ' ')
			n--;
		if (!is_origin(p, n)) {
			set_err(err, errsize, "[http] allowed_origins: '%.*s' "
				"is not an origin like http://host:port",
				(int)n, p);
			return EINVAL;
		}
		p += strcspn(p, ",");
		p += strspn(p, ", ");
	}
	for (p = cfg->frame_ancestors; *p; p++) {
		if (*p < ' ' || *p > '~' || *p == ';' || *p == ',') {
			set_err(err, errsize, "[http] frame_ancestors: "
				"'%c' is not allowed in a CSP source list",
				*p < ' ' || *p > '~' ? '?' : *p);
			return EINVAL;
		}
	}
	return 0;
}

/* One node of the list, n bytes at node: IP:PORT. */
static bool is_node(const char *node, size_t n)
{
	char buf[CONFIG_ADDR_SIZE];
	const char *colon;
	long long port;

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, node, n);
	buf[n] = '\0';
	colon = strrchr(buf, ':');
	return colon && is_ip(buf, (size_t)(colon - buf)) &&
	       parse_ll(colon + 1, &port) && port >= 1 && port <= 65535;
}

/* Whether the n bytes at node appear as a node of the list before it. */
static bool node_before(const char *list, const char *node, size_t n)
{
	for (const char *p = list; p < node; p += strcspn(p, ",") + 1)
		if (strcspn(p, ",") == n && !memcmp(p, node, n))
			return true;
	return false;
}

/* --role cti needs its nodes: IP:PORT, comma-separated, each once, up to
 * MULTI_NODES_MAX (docs/switch-protocol.md "Several nodes"). */
static int check_node(const struct config *cfg, char *err, size_t errsize)
{
	const char *list = cfg->switch_node, *p = list;
	unsigned count = 0;

	/* a secret one can guess protects nothing */
	if (cfg->node_secret[0] &&
	    strlen(cfg->node_secret) < CONFIG_SECRET_MIN) {
		set_err(err, errsize, "[switch] node_secret: shorter than %d "
			"characters", CONFIG_SECRET_MIN);
		return EINVAL;
	}
	if (cfg->role != CONFIG_ROLE_CTI)
		return 0;
	if (!list[0]) {
		set_err(err, errsize, "--role cti needs --switch-node IP:PORT");
		return EINVAL;
	}
	for (;;) {
		size_t n = strcspn(p, ",");

		if (!is_node(p, n)) {
			set_err(err, errsize, "[switch] switch_node: '%.*s' is "
				"not IP:PORT", (int)n, p);
			return EINVAL;
		}
		if (node_before(list, p, n)) {
			set_err(err, errsize, "[switch] switch_node: '%.*s' is "
				"listed twice", (int)n, p);
			return EINVAL;
		}
		if (++count > MULTI_NODES_MAX) {
			set_err(err, errsize, "[switch] switch_node: more than "
				"%d nodes", MULTI_NODES_MAX);
			return EINVAL;
		}
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

/* [switch] leader = pg: a CTI of a pair, whose lock and token live in
 * the PostgreSQL database they share (docs/operations.md). */
static int check_leader(const struct config *cfg, char *err, size_t errsize)
{
	if (!cfg->leader[0])
		return 0;
	if (strcmp(cfg->leader, "pg")) {
		set_err(err, errsize, "[switch] leader: '%s' is not pg",
			cfg->leader);
		return EINVAL;
	}
	if (cfg->role != CONFIG_ROLE_CTI || !store_is_url(cfg->db)) {
		set_err(err, errsize, "[switch] leader = pg needs --role cti "
			"and a postgresql:// database");
		return EINVAL;
	}
	return 0;
}

int config_check(const struct config *cfg, char *err, size_t errsize)
{
	const char *p = cfg->trunk_address;
	int ntrunks = 0;

	if (cfg->rtp_port_min > cfg->rtp_port_max) {
		set_err(err, errsize, "[sip] rtp_port_min %u is above "
			"rtp_port_max %u", cfg->rtp_port_min,
			cfg->rtp_port_max);
		return EINVAL;
	}
	while (*p) {
		size_t n = strcspn(p, ",");

		while (n && p[n - 1] == ' ')
			n--;
		if (!is_ip(p, n)) {
			set_err(err, errsize, "[sip] trunk_address: '%.*s' is "
				"not an IP address", (int)n, p);
			return EINVAL;
		}
		if (++ntrunks > SIP_SWITCH_TRUNKS_MAX) {
			set_err(err, errsize, "[sip] trunk_address: more than "
				"%d addresses", SIP_SWITCH_TRUNKS_MAX);
			return EINVAL;
		}
		p += strcspn(p, ",");
		p += strspn(p, ", ");
	}
	if (cfg->trunk_user[0] && !cfg->trunk_password[0]) {
		set_err(err, errsize, "[sip] trunk_user needs a "
			"trunk_password");
		return EINVAL;
	}
	if (cfg->media_address[0] &&
	    !is_ip(cfg->media_address, strlen(cfg->media_address))) {
		set_err(err, errsize, "[sip] media_address: '%s' is not an IP "
			"address", cfg->media_address);
		return EINVAL;
	}
	if (cfg->gateway[0] && strncmp(cfg->gateway, "sip:", 4)) {
		set_err(err, errsize, "[sip] gateway: '%s' is not a sip: URI",
			cfg->gateway);
		return EINVAL;
	}
	if (check_node(cfg, err, errsize) || check_leader(cfg, err, errsize) ||
	    check_demo(cfg, err, errsize))
		return EINVAL;
	return check_http(cfg, err, errsize);
}

enum {
	OPT_SWITCH = 256, OPT_DB, OPT_AGENT_PORT, OPT_HTTP_PORT, OPT_SIP_PORT,
	OPT_DEMO, OPT_LOG_LEVEL, OPT_ROLE, OPT_NODE_PORT, OPT_SWITCH_NODE,
	OPT_FENCE_TOKEN, OPT_LEADER, OPT_AGENT_TLS_PORT, OPT_HTTPS_PORT,
	OPT_SIP_TLS_PORT, OPT_TLS_CERT, OPT_DEMO_OK,
};

static const struct option long_opts[] = {
	{"switch", required_argument, NULL, OPT_SWITCH},
	{"db", required_argument, NULL, OPT_DB},
	{"agent-port", required_argument, NULL, OPT_AGENT_PORT},
	{"http-port", required_argument, NULL, OPT_HTTP_PORT},
	{"sip-port", required_argument, NULL, OPT_SIP_PORT},
	{"demo", no_argument, NULL, OPT_DEMO},
	{"log-level", required_argument, NULL, OPT_LOG_LEVEL},
	{"role", required_argument, NULL, OPT_ROLE},
	{"node-port", required_argument, NULL, OPT_NODE_PORT},
	{"switch-node", required_argument, NULL, OPT_SWITCH_NODE},
	{"fence-token", required_argument, NULL, OPT_FENCE_TOKEN},
	{"leader", required_argument, NULL, OPT_LEADER},
	{"agent-tls-port", required_argument, NULL, OPT_AGENT_TLS_PORT},
	{"https-port", required_argument, NULL, OPT_HTTPS_PORT},
	{"sip-tls-port", required_argument, NULL, OPT_SIP_TLS_PORT},
	{"tls-cert", required_argument, NULL, OPT_TLS_CERT},
	{"i-know-demo-credentials", no_argument, NULL, OPT_DEMO_OK},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* Flag → the INI key it overrides, "section.name". */
static const char *opt_key(int opt)
{
	switch (opt) {
	case OPT_SWITCH:     return "server.switch";
	case OPT_DB:         return "server.db";
	case OPT_AGENT_PORT: return "server.agent_port";
	case OPT_HTTP_PORT:  return "server.http_port";
	case OPT_SIP_PORT:   return "server.sip_port";
	case OPT_LOG_LEVEL:  return "server.log_level";
	case OPT_ROLE:       return "server.role";
	case OPT_NODE_PORT:  return "switch.node_port";
	case OPT_SWITCH_NODE: return "switch.switch_node";
	case OPT_FENCE_TOKEN: return "switch.fence_token";
	case OPT_LEADER:     return "switch.leader";
	case OPT_AGENT_TLS_PORT: return "server.agent_tls_port";
	case OPT_HTTPS_PORT: return "http.tls_port";
	case OPT_SIP_TLS_PORT: return "sip.tls_port";
	case OPT_TLS_CERT:   return "tls.cert";
	default:             return NULL;
	}
}

struct override {
	const struct key *k;
	const char *value;
	const char *flag;
};

enum config_action config_args(struct config *cfg, int argc, char *argv[],
			       char *err, size_t errsize)
{
	struct override ov[16];
	size_t nov = 0;
	const char *file = NULL;
	bool demo = false, demo_ok = false;
	char msg[256];
	int opt, idx;

	config_default(cfg);
	optind = 0;   /* GNU: restart scanning (tests parse several times) */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":c:h", long_opts, &idx)) != -1) {
		switch (opt) {
		case 'c':
			file = optarg;
			break;
		case 'h':
			return CONFIG_HELP;
		case OPT_DEMO:
			demo = true;
			break;
		case OPT_DEMO_OK:
			demo_ok = true;
			break;
		case ':':
			set_err(err, errsize, "option %s needs a value",
				argv[optind - 1]);
			return CONFIG_ERROR;
		case '?':
			set_err(err, errsize, "unknown option '%s'",
				argv[optind - 1]);
			return CONFIG_ERROR;
		default:
			if (nov == sizeof(ov) / sizeof(ov[0])) {
				set_err(err, errsize, "too many options");
				return CONFIG_ERROR;
			}
			ov[nov].k = key_by_name(opt_key(opt));
			ov[nov].value = optarg;
			ov[nov].flag = long_opts[idx].name;
			nov++;
			break;
		}
	}
	if (optind < argc) {
		set_err(err, errsize, "unexpected argument '%s'",
			argv[optind]);
		return CONFIG_ERROR;
	}
	if (file && config_load(cfg, file, err, errsize))
		return CONFIG_ERROR;
	for (size_t i = 0; i < nov; i++) {
		if (key_set(cfg, ov[i].k, ov[i].value, msg, sizeof(msg))) {
			set_err(err, errsize, "--%s: %s", ov[i].flag, msg);
			return CONFIG_ERROR;
		}
	}
	if (demo)
		cfg->demo = true;
	cfg->demo_ok = demo_ok;
	return config_check(cfg, err, errsize) ? CONFIG_ERROR : CONFIG_RUN;
}
