/*
 * config.h — the daemon's settings: built-in defaults, then the INI file
 * given with -c, then the command-line flags (docs/operations.md lists every
 * key). Parsing never exits: it returns an error and a message naming the
 * file, line and key, and main() decides (exit status 2).
 */
#ifndef CALLCLOUD_CONFIG_H
#define CALLCLOUD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "api/api.h"
#include "core/core.h"
#include "lockout.h"

enum config_switch { CONFIG_SWITCH_SIM = 0, CONFIG_SWITCH_SIP };

/* What the process is (docs/switch-protocol.md): the whole daemon with an
 * in-process switch, a switch node, or a CTI driving a remote node. */
enum config_role { CONFIG_ROLE_ALL = 0, CONFIG_ROLE_SWITCH, CONFIG_ROLE_CTI };

enum { CONFIG_PATH_SIZE = 512, CONFIG_ADDR_SIZE = 64,
       CONFIG_NODES_SIZE = 1024, CONFIG_SECRET_MIN = 16 };

struct config {
	/* [server] */
	enum config_switch sw;
	char db[CONFIG_PATH_SIZE];          /* SQLite file or postgresql:// URL */
	char cdr_journal[CONFIG_PATH_SIZE]; /* PostgreSQL's CDR journal file */
	char listen_address[CONFIG_ADDR_SIZE];
	uint16_t agent_port;
	uint16_t http_port;
	int agent_tls_port;                     /* -1 off, 0 any free */
	int https_port;                         /* [http] tls_port */
	int sip_tls_port;                       /* [sip] tls_port */
	char tls_cert[CONFIG_PATH_SIZE];        /* "": tls.pem by the db */
	uint16_t sip_port;
	int log_level;
	char log_file[CONFIG_PATH_SIZE];
	char recordings_dir[CONFIG_PATH_SIZE];
	bool demo;
	/* [http]: the web toolbar, WebSocket and metrics (docs/web.md) */
	char web_root[CONFIG_PATH_SIZE];        /* "": web/ by the binary */
	char allowed_origins[CONFIG_PATH_SIZE]; /* "": the page's own host */
	char frame_ancestors[CONFIG_PATH_SIZE]; /* CSP sources, space-separated */
	/* [sip]: the SIP switch (docs/operations.md "SIP") */
	uint16_t rtp_port_min;
	uint16_t rtp_port_max;
	char sip_realm[CONFIG_ADDR_SIZE];
	char trunk_address[CONFIG_PATH_SIZE];   /* comma-separated IPs */
	char gateway[CONFIG_PATH_SIZE];         /* SIP URI, may be empty */
	char trunk_user[CONFIG_ADDR_SIZE];      /* digest for trunks from */
	char trunk_password[CONFIG_ADDR_SIZE];  /* other addresses */
	int options_interval;                   /* s, 0 = no pings */
	int ws_port;                            /* SIP over WebSocket; -1 off */
	char media_address[CONFIG_ADDR_SIZE];   /* in SDP and ICE; "": auto */
	char dtls_cert[CONFIG_PATH_SIZE];       /* "": dtls.pem by the db */
	int webrtc_timeout;                     /* s for ICE + DTLS */
	int ws_grace;                           /* s a dropped browser has */
	/* [switch]: the switch as a node (docs/switch-protocol.md) */
	enum config_role role;                  /* [server] role */
	uint16_t node_port;                     /* --role switch listens */
	char switch_node[CONFIG_NODES_SIZE];    /* --role cti: IP:PORT,... */
	unsigned fence_token;                   /* --role cti's token */
	char leader[8];                         /* "pg": a CTI pair */
	char node_secret[256];                  /* "": nodes unauthenticated */
	int orphan_timeout;                     /* s legs outlive their CTI */
	int node_heartbeat_ms;                  /* heartbeats both ways */
	int node_reconnect_ms;                  /* a CTI's retry pause */
	/* [acd]: the core's settings (its recordings_dir points at the one
	 * above once the daemon starts) */
	struct core_config acd;
	/* [security] */
	unsigned pwhash_ops;
	unsigned pwhash_mem_kib;
	int signin_fail_delay_ms;
	/* [limits]: floods (docs/security.md "Limits and floods") */
	struct api_limits limits;               /* agent port and /ws */
	unsigned sip_rate;                      /* REGISTER + INVITE a */
	unsigned sip_burst;                     /* second from an address */
	unsigned sip_max_legs;                  /* legs at once; then 503 */
	struct lockout_conf admin_lock;   /* per admin user */
	struct lockout_conf address_lock; /* per source address */
	bool demo_ok;                     /* --i-know-demo-credentials */
};

/* What config_args() decided. */
enum config_action {
	CONFIG_RUN = 0,   /* start the daemon */
	CONFIG_HELP,      /* -h: usage printed to the given stream, exit 0 */
	CONFIG_ERROR,     /* message in err: exit 2 */
};

void config_default(struct config *cfg);

/* Reads an INI file over cfg. 0, or EINVAL / ENOENT (file missing) with a
 * one-line message "FILE:LINE: ..." in err. */
int config_load(struct config *cfg, const char *path, char *err,
		size_t errsize);

/* Checks across keys (port range, trunk addresses, gateway URI): 0, or
 * EINVAL with a message. config_args() calls it last. */
int config_check(const struct config *cfg, char *err, size_t errsize);

/* The whole start-up sequence: defaults, -c FILE, then the flags, in that
 * order whatever their position on the command line. */
enum config_action config_args(struct config *cfg, int argc, char *argv[],
			       char *err, size_t errsize);

/* An IPv4 address in 127.0.0.0/8 or ::1: only this host reaches it. */
bool config_loopback(const char *addr);

/* The usage text, for -h and after a bad argument. */
const char *config_usage(void);

#endif
