/*
 * fuzz_sipsw.c — see fuzz_sipsw.h.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz_loop.h"
#include "fuzz_sipsw.h"
#include "switch/sip/sip_switch.h"

enum { STOP_TURNS = 4 };

static void event_h(const struct sw_event *ev, void *arg)
{
	struct fuzz_sipsw *s = arg;

	if (ev->type != SW_EV_INCOMING)
		return;
	(void)sw_answer(s->sw, ev->leg);
	(void)sw_join(s->sw, "fuzz", ev->leg, SW_HEAR | SW_SPEAK);
}

static int secret_h(const char *dn, char *secret, size_t size, void *arg)
{
	(void)dn;
	(void)arg;
	return re_snprintf(secret, size, "1234") < 0 ? ENOMEM : 0;
}

void fuzz_sipsw_start(struct fuzz_sipsw *s)
{
	struct sip_switch_conf sc = {
		.listen = "127.0.0.1",
		.rtp_port_min = 30000,
		.rtp_port_max = 30999,
		.realm = "callcloud",
		.trunk_address = "127.0.0.1",
		.gateway = "sip:127.0.0.1:9",
		.ws = true,
		.ws_grace_ms = 1000,
		.dtls_cert = FUZZ_DTLS_CERT,
		.secreth = secret_h,
	};

	memset(s, 0, sizeof(*s));
	fuzz_libre_init();
	if (sip_switch_alloc(&s->sw, event_h, s, &sc) ||
	    sip_switch_laddr(s->sw, &s->sip) ||
	    sip_switch_ws_laddr(s->sw, &s->ws))
		abort();
}

void fuzz_sipsw_stop(struct fuzz_sipsw *s)
{
	s->sw = mem_deref(s->sw);
	fuzz_pump(STOP_TURNS);
}
