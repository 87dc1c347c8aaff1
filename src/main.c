/*
 * main.c — the callcloud daemon: settings, start-up in dependency order
 * (store, switch, core, API with the switch's own RPC methods), the ready
 * line tests and scripts wait for, and a clean shutdown on SIGINT/SIGTERM
 * (agents signed out, calls hung up, CDRs written, database closed).
 *
 * Roles (docs/switch-protocol.md): by default one process holds it all;
 * --role switch runs only the switch, as a node a CTI drives over TCP;
 * --role cti runs store, core and API on a remote switch node.
 *
 * A CTI of a pair (--leader pg, docs/operations.md "High availability and
 * scale-out") starts as the standby and serves once it holds the
 * database's lock.
 *
 * Exit status: 0 after a clean shutdown, 1 when start-up fails at run time
 * (database, ports), 2 for bad settings or arguments (and for the demo
 * credentials on a non-loopback address), 3 when a CTI of a pair lost the
 * lead (a supervisor restarts it, as the standby).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <re.h>
#include "api/api.h"
#include "config.h"
#include "core/core.h"
#include "log.h"
#include "regshare.h"
#include "store/leader.h"
#include "store/store.h"
#include "switch/node/node.h"
#include "switch/multi/multi.h"
#include "switch/sim/sim.h"
#include "switch/sip/sip_switch.h"
#include "tls/tlscert.h"

struct daemon {
	struct store *st;
	struct sw *sw;
	struct core *core;
	struct api *api;
	struct node *node;      /* --role switch */
	struct leader *leader;  /* --leader pg */
	struct tls *tls;        /* the TLS ports' context, if one is on */
	char tls_cert[PATH_MAX];   /* and its file ("": none) */
	bool remote;            /* --role cti: the switch is a node */
	uint64_t lead_token;    /* --leader pg: the lead's fencing token */
	uint64_t lead_lock_ms;  /* and when the lock was taken (jiffies) */
	int status;             /* the exit status once the loop ends */
};

/* Descriptors libre's poll table is sized for (a slot is some 32 bytes,
 * allocated at once): far above the thousands of connections a daemon
 * serves (docs/security.md "Limits and floods"). */
enum { NOFILE_MAX = 65536 };

/* The usual soft limit, 1024, is below the connections a call center
 * holds, and libre polls no descriptor above the table it sizes once, at
 * its first socket: the soft limit goes up to the hard one (at most
 * NOFILE_MAX), and the table with it, before anything listens. */
static int raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return errno;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > NOFILE_MAX ?
		      NOFILE_MAX : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		return errno;
	log_trace("up to %u open files", (unsigned)rl.rlim_cur);
	return fd_setsize((int)rl.rlim_cur);
}

static void signal_h(int sig)
{
	(void)sig;
	re_cancel();
}

/* The switch exists before the core or the node (they need it), so its
 * events go through here; none is delivered before re_main() runs. */
static void switch_event_h(const struct sw_event *ev, void *arg)
{
	struct daemon *d = arg;

	if (d->node)
		node_switch_event(ev, &d->node);
	else if (d->core)
		core_switch_event(ev, d->core);
}

static int open_store(struct daemon *d, const struct config *cfg)
{
	struct pwhash_params pw = {
		.opslimit = cfg->pwhash_ops,
		.memlimit = (size_t)cfg->pwhash_mem_kib * 1024,
	};
	/* a URL may carry a password: it is never logged */
	const char *name = store_is_url(cfg->db) ? "(postgresql)" : cfg->db;
	int err;

	err = store_open_journal(&d->st, cfg->db, cfg->cdr_journal, &pw);
	if (err) {
		log_error("cannot open database %s: %s", name,
			  strerror(err));
		return err;
	}
	if (cfg->demo && store_is_empty(d->st)) {
		err = store_load_demo(d->st);
		if (err) {
			log_error("cannot load the demo directory: %s",
				  strerror(err));
			return err;
		}
		log_trace("demo directory loaded into %s", name);
	}
	if (!store_demo_credentials(d->st))
		return 0;
	if (!cfg->demo_ok && !config_loopback(cfg->listen_address)) {
		log_error("refusing to listen on %s: the demo admin or the "
			  "demo supervisor 2001 still has its demo password. "
			  "Change them (Admin.ChangePassword, "
			  "Admin.UpdateAgent) on a daemon listening on "
			  "127.0.0.1, or start with --i-know-demo-credentials",
			  cfg->listen_address);
		d->status = 2;   /* settings, as for a bad file */
		return EPERM;
	}
	log_warn("*** DEMO CREDENTIALS IN USE: the demo admin or the demo "
		 "supervisor still has its demo password. Change them (and "
		 "the other demo agents' passwords) before exposing this "
		 "server. ***");
	return 0;
}

/* A CTI of a node without a pair serves once the first node has handed
 * its legs over: before, its phones are unknown and a bar's SignIn would
 * be refused ArImsError; it is answered ArNotMaster, which bars retry. */
static void lone_serving_h(void *arg)
{
	struct daemon *d = arg;
	struct api_ha alone = {.master = true};

	api_set_ha(d->api, &alone);
	log_trace("switch node synced: serving");
}

/* A certificate file: the configured one, or name in the database's
 * folder (the data directory); with PostgreSQL, the working directory. */
static const char *cert_path(const struct config *cfg, const char *conf,
			     const char *name, char *buf, size_t size)
{
	const char *slash = strrchr(cfg->db, '/');

	if (conf[0])
		return conf;
	if (!slash || store_is_url(cfg->db))
		return name;
	if (re_snprintf(buf, size, "%b/%s", cfg->db,
			(size_t)(slash - cfg->db), name) < 0)
		return NULL;
	return buf;
}

/* The TLS context of the agent port, HTTPS and SIP over TLS, when one of
 * them is on. The default file is made on first start; the log says
 * where it is and its fingerprint, which is what a client pins. */
static int open_tls(struct daemon *d, const struct config *cfg)
{
	char buf[PATH_MAX], fp[TLSCERT_FP_SIZE];
	const char *path;
	int err;

	if (cfg->agent_tls_port < 0 && cfg->https_port < 0 &&
	    cfg->sip_tls_port < 0)
		return 0;
	path = cert_path(cfg, cfg->tls_cert, "tls.pem", buf, sizeof(buf));
	if (!path)
		return ENAMETOOLONG;
	/* only the default file is generated: a configured one that is
	 * missing is a mistake to report */
	err = tlscert_server(&d->tls, path,
			     cfg->tls_cert[0] ? NULL : "localhost");
	err = err ? err : tlscert_fingerprint(fp, sizeof(fp), d->tls);
	if (err) {
		log_error("TLS certificate %s: %s", path, strerror(err));
		return err;
	}
	log_trace("TLS certificate %s, SHA-256 fingerprint %s", path, fp);
	str_ncpy(d->tls_cert, path, sizeof(d->tls_cert));
	return 0;
}

static int open_switch(struct daemon *d, const struct config *cfg)
{
	char cert[PATH_MAX];
	struct sw_share share;
	struct sip_switch_conf sc = {
		.listen = cfg->listen_address,
		.sip_port = cfg->sip_port,
		.rtp_port_min = cfg->rtp_port_min,
		.rtp_port_max = cfg->rtp_port_max,
		.realm = cfg->sip_realm,
		.trunk_address = cfg->trunk_address,
		.gateway = cfg->gateway,
		.trunk_user = cfg->trunk_user,
		.trunk_password = cfg->trunk_password,
		.options_interval = (uint32_t)cfg->options_interval,
		.ws = cfg->ws_port >= 0,
		.ws_port = cfg->ws_port >= 0 ? (uint16_t)cfg->ws_port : 0,
		.media_address = cfg->media_address,
		.dtls_cert = cert_path(cfg, cfg->dtls_cert, "dtls.pem", cert,
				       sizeof(cert)),
		.tls = d->tls,
		.tls_port = cfg->sip_tls_port,
		.webrtc_timeout_ms = (uint32_t)cfg->webrtc_timeout * 1000,
		.ws_grace_ms = (uint32_t)cfg->ws_grace * 1000,
		.flood_rate = cfg->sip_rate,
		.flood_burst = cfg->sip_burst,
		.max_legs = cfg->sip_max_legs,
		.secreth = store_phone_secret,
		.secret_arg = d->st,
		/* a node shares its phones' registrations with the others */
		.share = cfg->role == CONFIG_ROLE_SWITCH ? &share : NULL,
	};
	struct multi_conf mc = {
		.nodes = cfg->switch_node,
		.token = cfg->fence_token,
		.hb_ms = (uint32_t)cfg->node_heartbeat_ms,
		.reconnect_ms = (uint32_t)cfg->node_reconnect_ms,
		.standby = cfg->leader[0] != '\0',
		.secret = cfg->node_secret,
		.ready = lone_serving_h,
		.ready_arg = d,
	};
	int err;

	regshare_init(&share, d->st);
	if (cfg->role == CONFIG_ROLE_CTI) {
		d->remote = true;
		err = multi_switch_alloc(&d->sw, switch_event_h, d, &mc);
		if (err)
			log_error("cannot drive switch nodes %s: %s",
				  cfg->switch_node, strerror(err));
		return err;
	}
	if (cfg->sw == CONFIG_SWITCH_SIM) {
		err = sim_switch_alloc(&d->sw, switch_event_h, d);
		if (err)
			log_error("cannot start the sim switch: %s",
				  strerror(err));
		return err;
	}
	err = sip_switch_alloc(&d->sw, switch_event_h, d, &sc);
	if (err)
		log_error("cannot start the sip switch on %s port %u "
			  "(RTP %u-%u): %s", cfg->listen_address,
			  cfg->sip_port, cfg->rtp_port_min, cfg->rtp_port_max,
			  strerror(err));
	return err;
}

static uint16_t sip_port(const struct daemon *d)
{
	struct sa sa;

	return sip_switch_laddr(d->sw, &sa) ? 0 : sa_port(&sa);
}

/* The ready line on stdout (scripts and tests wait for it), and the log.
 * A switch node has no agent or HTTP port (0) and adds its node port. */
static void announce(const struct daemon *d, const struct config *cfg)
{
	uint16_t agent = d->api ? api_agent_port(d->api) : 0;
	uint16_t http = d->api ? api_http_port(d->api) : 0;
	uint16_t agent_tls = d->api ? api_agent_tls_port(d->api) : 0;
	uint16_t https = d->api ? api_https_port(d->api) : 0;
	uint16_t sip = sip_port(d);
	struct sa tls;

	if (d->node) {
		printf("callcloud ready agent=0 http=0 sip=%u node=%u\n", sip,
		       node_port(d->node));
		fflush(stdout);
		log_trace("switch node on %s port %u (switch %s, sip port %u)",
			  cfg->listen_address, node_port(d->node),
			  cfg->sw == CONFIG_SWITCH_SIM ? "sim" : "sip", sip);
		return;
	}

	printf("callcloud ready agent=%u http=%u sip=%u", agent, http, sip);
	/* the TLS ports when on, after the fields older parsers expect */
	if (agent_tls)
		printf(" agent_tls=%u", agent_tls);
	if (https)
		printf(" https=%u", https);
	if (!sip_switch_tls_laddr(d->sw, &tls))
		printf(" sips=%u", sa_port(&tls));
	printf("\n");
	fflush(stdout);
	log_trace("listening on %s: agent port %u, http port %u, switch %s "
		  "(sip port %u)", cfg->listen_address, agent, http,
		  cfg->role == CONFIG_ROLE_CTI ? cfg->switch_node :
		  cfg->sw == CONFIG_SWITCH_SIM ? "sim" : "sip", sip);
	if (agent_tls || https)
		log_trace("TLS: agent port %u, https port %u (0: off)",
			  agent_tls, https);
}

/* [http] web_root, or web/ next to the binary (installed), or one folder
 * up (build/callcloud in a checkout). */
static const char *web_root(const struct config *cfg, char *buf, size_t size)
{
	static const char *const rel[] = {"/web", "/../web"};
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (cfg->web_root[0])
		return cfg->web_root;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	for (size_t i = 0; i < ARRAY_SIZE(rel); i++) {
		struct stat st;

		if (re_snprintf(buf, size, "%s%s", exe, rel[i]) > 0 &&
		    !stat(buf, &st) && S_ISDIR(st.st_mode))
			return buf;
	}
	return NULL;
}

/* What every role starts with (a switch node needs the store only for
 * the SIP phones' passwords). */
static int open_store_switch(struct daemon *d, const struct config *cfg)
{
	int err = open_store(d, cfg);

	err = err ? err : open_tls(d, cfg);
	return err ? err : open_switch(d, cfg);
}

/* --role switch: the switch and the node serving it. */
static int start_node(struct daemon *d, const struct config *cfg)
{
	struct node_conf nc = {
		.listen = cfg->listen_address,
		.port = cfg->node_port,
		.hb_ms = (uint32_t)cfg->node_heartbeat_ms,
		.orphan_ms = (uint32_t)cfg->orphan_timeout * 1000,
		.phones_default = cfg->sw == CONFIG_SWITCH_SIM,
		.sim = cfg->sw == CONFIG_SWITCH_SIM,
		.secret = cfg->node_secret,
	};
	int err;

	err = open_store_switch(d, cfg);
	if (err)
		return err;
	if (!cfg->node_secret[0] && !config_loopback(cfg->listen_address))
		log_warn("node port on %s without [switch] node_secret: "
			 "whoever reaches it can drive this switch",
			 cfg->listen_address);
	err = node_alloc(&d->node, d->sw, &nc);
	if (err)
		log_error("cannot listen on node port %s:%u: %s",
			  cfg->listen_address, cfg->node_port, strerror(err));
	return err;
}

/* The switch's own additions to the API: Sim.* or /sip in one process;
 * a CTI's switch is remote, its addition is Switch.Legs. */
static int register_switch_api(struct daemon *d, const struct config *cfg)
{
	int err;

	if (cfg->role == CONFIG_ROLE_CTI) {
		err = multi_rpc_register(d->api, d->sw);
		if (err)
			log_error("cannot add Switch.Legs: %s", strerror(err));
		return err;
	}
	if (cfg->sw == CONFIG_SWITCH_SIM) {
		err = sim_rpc_register(d->api, d->sw);
		if (err)
			log_error("cannot add the Sim.* methods: %s",
				  strerror(err));
		return err;
	}
	err = sip_switch_http_register(d->api, d->sw);
	if (err)
		log_error("cannot serve /sip: %s", strerror(err));
	return err;
}

/* The lead's first node has handed its legs over: the calls are rebuilt
 * and the phones known, so sign-ins can be served (until now the API
 * answered them ArNotMaster, which bars retry). */
static void serving_h(void *arg)
{
	struct daemon *d = arg;
	struct api_ha ha = {.pair = true, .master = true, .takeovers = 1};

	ha.token = d->lead_token;
	ha.last_takeover_us = (uint64_t)now_us();
	ha.last_takeover_ms = tmr_jiffies() - d->lead_lock_ms;
	api_set_ha(d->api, &ha);
	log_trace("leader: master with fencing token %llu, serving %llu ms "
		  "after the lock", (unsigned long long)ha.token,
		  (unsigned long long)ha.last_takeover_ms);
}

/* The pair's lock (leader.h). Taken: connect to the nodes with the
 * database's token, and serve once they took us (serving_h). Lost:
 * another CTI may lead already, so stop commanding the nodes at once
 * (their calls stay there for the next master) and exit; a supervisor
 * restarts us as the standby. */
static void lead_h(bool master, uint64_t token, uint64_t lock_ms,
		   void *arg)
{
	struct daemon *d = arg;
	struct api_ha ha = {.pair = true};
	int err;

	if (!master) {
		log_error("leader: lost the lock; stepping down");
		multi_switch_depose(d->sw);
		api_set_ha(d->api, &ha);
		d->status = 3;
		re_cancel();
		return;
	}
	d->lead_token = token;
	d->lead_lock_ms = lock_ms;
	err = multi_switch_lead(d->sw, token, serving_h, d);
	if (err) {
		log_error("leader: cannot drive the switch node: %s",
			  strerror(err));
		d->status = 1;
		re_cancel();
	}
}

/* --leader pg: standby until the lock is ours. */
static int start_leader(struct daemon *d, const struct config *cfg)
{
	struct api_ha ha = {.pair = true};
	int err;

	api_set_ha(d->api, &ha);
	err = leader_start(&d->leader, cfg->db, lead_h, d);
	if (err)
		log_error("leader: cannot start: %s", strerror(err));
	else
		log_trace("leader: standby, waiting for the lock");
	return err;
}

static int start(struct daemon *d, const struct config *cfg)
{
	char web[PATH_MAX];
	struct core_config ccfg;
	struct core_handlers h;
	struct api_conf ac = {
		.listen_address = cfg->listen_address,
		.agent_port = cfg->agent_port,
		.http_port = cfg->http_port,
		.heartbeat_timeout = cfg->acd.heartbeat_timeout,
		.signin_fail_delay_ms = cfg->signin_fail_delay_ms,
		.admin_lock = cfg->admin_lock,
		.address_lock = cfg->address_lock,
		.web_root = web_root(cfg, web, sizeof(web)),
		.allowed_origins = cfg->allowed_origins,
		.frame_ancestors = cfg->frame_ancestors,
		.limits = cfg->limits,
		.agent_tls_port = cfg->agent_tls_port,
		.https_port = cfg->https_port,
	};
	int err;

	if (cfg->role == CONFIG_ROLE_SWITCH)
		return start_node(d, cfg);
	err = open_store_switch(d, cfg);
	if (err)
		return err;
	ac.tls = d->tls;          /* opened with the switch, for SIP too */
	ac.tls_cert = d->tls_cert;
	err = api_alloc(&d->api, &ac, d->st);
	if (err)
		return err;
	err = register_switch_api(d, cfg);
	if (err)
		return err;
	ccfg = cfg->acd;
	ccfg.recordings_dir = cfg->recordings_dir;
	ccfg.calls_outlive = d->remote;
	memset(&h, 0, sizeof(h));
	api_core_handlers(d->api, &h);
	err = core_alloc(&d->core, &ccfg, d->st, d->sw, &h);
	if (err) {
		log_error("cannot start the core: %s", strerror(err));
		return err;
	}
	err = api_start(d->api, d->core);
	if (err || !cfg->leader[0]) {
		if (!err && d->remote)   /* lone_serving_h, once synced */
			api_set_ha(d->api, &(struct api_ha){.master = false});
		return err;
	}
	return start_leader(d, cfg);
}

/* Reverse order of start(); safe on a partly started daemon. */
static void stop(struct daemon *d)
{
	/* first: the lock goes with its connection, to the standby */
	d->leader = mem_deref(d->leader);
	/* a node keeps its calls for the next master (or for us, restarted):
	 * away from it before the core lets them go */
	if (d->remote && d->sw)
		multi_switch_depose(d->sw);
	/* and its bars only lose their link, to sign in on the next master:
	 * no OnUnLogin, so the sessions close before the core signs out */
	if (d->remote)
		api_close_sessions(d->api);
	if (d->core)
		core_shutdown(d->core);
	if (d->api)
		api_close_sessions(d->api);
	d->api = mem_deref(d->api);
	d->core = mem_deref(d->core);
	d->node = mem_deref(d->node);
	d->sw = mem_deref(d->sw);
	d->st = mem_deref(d->st);
	d->tls = mem_deref(d->tls);
}

int main(int argc, char *argv[])
{
	struct daemon d = {0};
	struct config cfg;
	char err_msg[512];
	int err;

	switch (config_args(&cfg, argc, argv, err_msg, sizeof(err_msg))) {
	case CONFIG_HELP:
		fputs(config_usage(), stdout);
		return 0;
	case CONFIG_ERROR:
		fprintf(stderr, "callcloud: %s\n%s", err_msg, config_usage());
		return 2;
	case CONFIG_RUN:
		break;
	}
	log_set_level(cfg.log_level);
	if (cfg.log_file[0]) {
		err = log_open_file(cfg.log_file);
		if (err) {
			fprintf(stderr, "callcloud: log_file %s: %s\n",
				cfg.log_file, strerror(err));
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	err = libre_init();
	if (err) {
		log_error("libre_init: %s", strerror(err));
		return 1;
	}
	err = raise_nofile();
	if (err)   /* the limit as it was: fewer connections, that is all */
		log_warn("cannot raise the open files limit: %s",
			 strerror(err));
	err = start(&d, &cfg);
	if (err) {
		if (!d.status)
			d.status = 1;
		goto out;
	}
	announce(&d, &cfg);
	err = re_main(signal_h);
	if (err) {
		log_error("main loop: %s", strerror(err));
		d.status = 1;
	}
	log_trace("shutting down");
 out:
	stop(&d);
	libre_close();
	if (!d.status)
		log_trace("stopped");
	return d.status;
}
