/*
 * kamailio.h — Kamailio (Debian package kamailio, `make deps`) as the SIP
 * entry point in front of switch nodes, for integration tests: the
 * configuration of etc/kamailio/kamailio.cfg.in filled in a temp dir
 * (/tmp/kamailio-XXXXXX: kamailio.cfg, dispatcher.list, kamailio.log),
 * on 127.0.0.1 at a free port, run in the foreground (-DD -E).
 *
 *   struct kamailio k;
 *   kamailio_start(&k, (uint16_t[]){n0.sip_port, n1.sip_port}, 2);
 *   ... phones and customers use k.port as their SIP port ...
 *   kamailio_stop(&k);   // always (teardown): SIGTERM, then SIGKILL
 *
 * kamailio_start returns once a SIP OPTIONS sent to Kamailio is answered
 * through a node (fails the test after KAMAILIO_TIMEOUT_MS). Kamailio
 * dies with the test however it ends (PR_SET_PDEATHSIG). ITEST_KEEP=1
 * keeps the temp dir.
 */
#ifndef KAMAILIO_H
#define KAMAILIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum { KAMAILIO_TIMEOUT_MS = 5000 };

struct kamailio {
	pid_t pid;               /* 0 when not running */
	char dir[64];
	char log[96];
	uint16_t port;           /* its SIP port, UDP and TCP */
};

/* In front of the SIP nodes on 127.0.0.1 at node_ports[0..n). */
void kamailio_start(struct kamailio *k, const uint16_t *node_ports,
		    size_t n);
void kamailio_stop(struct kamailio *k);
/* Until its log holds needle; false after ms. */
bool kamailio_wait_log(const struct kamailio *k, const char *needle, int ms);

#endif
