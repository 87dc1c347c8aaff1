/*
 * fuzz_daemon.c — see fuzz_daemon.h.
 */
#include <stdlib.h>
#include <string.h>
#include <re.h>
#include "api/api.h"
#include "core/core.h"
#include "fuzz_daemon.h"
#include "fuzz_loop.h"
#include "store/store.h"
#include "switch/sim/sim.h"

/* Fast password hashing: Admin.Login and SignIn cost microseconds. */
static const struct pwhash_params weak = {1, 8192};

static void switch_event_h(const struct sw_event *ev, void *arg)
{
	struct fuzz_daemon *d = arg;

	if (d->core)
		core_switch_event(ev, d->core);
}

void fuzz_daemon_start(struct fuzz_daemon *d)
{
	struct api_conf ac = {
		.listen_address = "127.0.0.1",
		.heartbeat_timeout = 30,
		.web_root = FUZZ_WEB_ROOT,
		.admin_lock = {5, 60, 60},
		.address_lock = {30, 60, 60},
	};
	struct core_config cfg;
	struct core_handlers h;

	memset(d, 0, sizeof(*d));
	fuzz_libre_init();
	api_limits_default(&ac.limits);
	/* an input is many lines at once: past the burst they would all be
	 * answered -32029 and never reach the handlers */
	ac.limits.rpc_burst = 100000;
	core_config_default(&cfg);
	/* a folder that cannot be made: recordings fail (and are answered
	 * as failing) instead of filling the disk */
	cfg.recordings_dir = "/dev/null/recordings";
	memset(&h, 0, sizeof(h));
	if (store_open(&d->st, ":memory:", &weak) ||
	    store_load_demo(d->st) ||
	    sim_switch_alloc(&d->sw, switch_event_h, d) ||
	    api_alloc(&d->api, &ac, d->st) ||
	    sim_rpc_register(d->api, d->sw))
		abort();
	api_core_handlers(d->api, &h);
	if (core_alloc(&d->core, &cfg, d->st, d->sw, &h) ||
	    api_start(d->api, d->core))
		abort();
}

void fuzz_daemon_stop(struct fuzz_daemon *d)
{
	core_shutdown(d->core);
	api_close_sessions(d->api);
	d->api = mem_deref(d->api);
	d->core = mem_deref(d->core);
	d->sw = mem_deref(d->sw);
	d->st = mem_deref(d->st);
}
