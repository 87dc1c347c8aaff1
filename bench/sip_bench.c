/*
 * sip_bench.c — end-to-end calls through the SIP switch. N SIP phones
 * (DNs 1880..) register with digest auth and answer every INVITE at once;
 * N agents sign in on them with AutoAnswer; customers call 4000 over SIP,
 * at most W at once, each talking T ms with G.711 RTP both ways (one 20 ms
 * packet per side per tick), then hanging up. Prints calls per second, the
 * INVITE→200 time of the customers (queueing, routing, the INVITE to the
 * agent's phone and its answer included), median and p99, and the RTP
 * packets relayed back to the customers.
 *
 * usage: sip_bench AGENT_PORT SIP_PORT [agents=20] [calls=1000] [window=20]
 *                  [talk_ms=0]
 * (bench/sip_run.sh starts a daemon and adds its CPU time and memory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <re.h>
#include "util/rpc.h"

enum { MAX_AGENTS = 20, PTIME = 20, RTP_LEN = 12 + 160, STALL_MS = 10000,
       HEARTBEAT_MS = 10000 };

/* One side of a call's audio: its socket and where the daemon wants it. */
struct media {
	struct udp_sock *us;
	struct sa remote;
	uint16_t seq;
	uint32_t ts;
	uint64_t received;
};

struct call {
	struct le le;              /* b.active */
	struct sipsess *sess;
	struct media m;
	bool customer;
	uint64_t started;
	struct tmr talk;
};

static struct {
	int port, sip_port, nagents, calls, window, talk_ms;
	struct sip *sip;            /* phones and customers share it */
	struct sipsess_sock *sock;
	struct sipreg *reg[MAX_AGENTS];
	char dn[MAX_AGENTS][16];
	int registered;
	struct rpc agents[MAX_AGENTS];
	struct list active;        /* struct call, both sides */
	struct tmr rtp_tmr, stall_tmr, heartbeat_tmr;
	int offered, done, failed;
	double *setup_ms;          /* one per answered customer */
	int nsetup;
	uint64_t relayed;
	uint64_t last_progress;
} b;

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void call_destructor(void *arg)
{
	struct call *c = arg;

	list_unlink(&c->le);
	tmr_cancel(&c->talk);
	mem_deref(c->sess);
	if (c->customer)
		b.relayed += c->m.received;
	mem_deref(c->m.us);
}

static void rtp_recv(const struct sa *src, struct mbuf *mb, void *arg)
{
	struct media *m = arg;
	(void)src;
	(void)mb;

	m->received++;
}

static int call_alloc(struct call **cp, bool customer)
{
	struct call *c = mem_zalloc(sizeof(*c), call_destructor);
	struct sa local;
	int err;

	if (!c)
		return ENOMEM;
	c->customer = customer;
	tmr_init(&c->talk);
	sa_set_str(&local, "127.0.0.1", 0);
	err = udp_listen(&c->m.us, &local, rtp_recv, &c->m);
	if (err) {
		mem_deref(c);
		return err;
	}
	list_append(&b.active, &c->le, c);
	*cp = c;
	return 0;
}

static int sdp_write(struct mbuf **mbp, const struct call *c)
{
	struct sa local;

	udp_local_get(c->m.us, &local);
	*mbp = mbuf_alloc(256);
	if (!*mbp)
		return ENOMEM;
	mbuf_printf(*mbp, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
		    "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
		    "m=audio %u RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
		    sa_port(&local));
	(*mbp)->pos = 0;
	return 0;
}

/* Where the other side's SDP says to send audio. */
static void sdp_read(struct call *c, const struct sip_msg *msg)
{
	struct pl ip, port;
	const char *p = (const char *)mbuf_buf(msg->mb);
	size_t n = mbuf_get_left(msg->mb);

	if (!re_regex(p, n, "c=IN IP4 [0-9.]+", &ip) &&
	    !re_regex(p, n, "m=audio [0-9]+", &port))
		sa_set(&c->m.remote, &ip, pl_u32(&port));
}

static void rtp_tick(void *arg)
{
	static uint8_t pkt[RTP_LEN];
	struct le *le;
	(void)arg;

	tmr_start(&b.rtp_tmr, PTIME, rtp_tick, NULL);
	if (!b.talk_ms)
		return;
	LIST_FOREACH(&b.active, le) {
		struct call *c = le->data;
		struct mbuf mb;

		if (!sa_isset(&c->m.remote, SA_ALL))
			continue;
		pkt[0] = 0x80;
		pkt[1] = 0;
		pkt[2] = (uint8_t)(c->m.seq >> 8);
		pkt[3] = (uint8_t)c->m.seq++;
		pkt[4] = (uint8_t)(c->m.ts >> 24);
		pkt[5] = (uint8_t)(c->m.ts >> 16);
		pkt[6] = (uint8_t)(c->m.ts >> 8);
		pkt[7] = (uint8_t)c->m.ts;
		c->m.ts += 160;
		pkt[11] = c->customer ? 1 : 2;   /* SSRC */
		memset(pkt + 12, 0xff, RTP_LEN - 12);
		mb = (struct mbuf){.buf = pkt, .size = RTP_LEN,
				   .end = RTP_LEN};
		(void)udp_send(c->m.us, &c->m.remote, &mb);
	}
}

/* --- the phones ------------------------------------------------------ */

static int phone_auth(char **user, char **pass, const char *realm, void *arg)
{
	(void)realm;
	return str_dup(user, arg) | str_dup(pass, "1234");
}

static void reg_resp(int err, const struct sip_msg *msg, void *arg)
{
	(void)arg;
	if (!err && msg && msg->scode == 200 &&
	    ++b.registered == b.nagents)
		re_cancel();
}

static void phone_close(int err, const struct sip_msg *msg, void *arg)
{
	struct call *c = arg;
	(void)err;
	(void)msg;

	c->sess = NULL;   /* libre is done with it */
	mem_deref(c);
}

static void phone_conn(const struct sip_msg *msg, void *arg)
{
	struct mbuf *desc = NULL;
	struct call *c;
	(void)arg;

	if (call_alloc(&c, false)) {
		(void)sip_treply(NULL, b.sip, msg, 500, "Bench Error");
		return;
	}
	sdp_read(c, msg);
	if (sdp_write(&desc, c) ||
	    sipsess_accept(&c->sess, b.sock, msg, 200, "OK", "phone",
			   "application/sdp", desc, NULL, NULL, false, NULL,
			   NULL, NULL, NULL, NULL, phone_close, c, "")) {
		(void)sip_treply(NULL, b.sip, msg, 500, "Bench Error");
		mem_deref(c);
	}
	mem_deref(desc);
}

/* --- the customers --------------------------------------------------- */

static void offer_next(void);

static void customer_done(struct call *c, bool ok)
{
	if (ok)
		b.done++;
	else
		b.failed++;
	b.last_progress = tmr_jiffies();
	mem_deref(c);
	if (b.done + b.failed == b.calls)
		re_cancel();
	else
		offer_next();
}

static void talk_over(void *arg)
{
	customer_done(arg, true);   /* freeing the session sends the BYE */
}

static int customer_answer(const struct sip_msg *msg, void *arg)
{
	sdp_read(arg, msg);
	return 0;
}

static void customer_estab(const struct sip_msg *msg, void *arg)
{
	struct call *c = arg;
	(void)msg;

	b.setup_ms[b.nsetup++] = (double)(now_us() - c->started) / 1000.0;
	b.last_progress = tmr_jiffies();
	tmr_start(&c->talk, (uint64_t)b.talk_ms, talk_over, c);
}

static void customer_close(int err, const struct sip_msg *msg, void *arg)
{
	struct call *c = arg;

	fprintf(stderr, "customer call ended early: %s %u\n",
		err ? strerror(err) : "", msg ? msg->scode : 0);
	c->sess = NULL;
	customer_done(c, false);
}

static void offer_next(void)
{
	struct mbuf *desc = NULL;
	char to[64];
	struct call *c;

	if (b.offered == b.calls)
		return;
	b.offered++;
	re_snprintf(to, sizeof(to), "sip:4000@127.0.0.1:%d", b.sip_port);
	if (call_alloc(&c, true) || sdp_write(&desc, c)) {
		fprintf(stderr, "out of memory or sockets\n");
		exit(1);
	}
	c->started = now_us();
	if (sipsess_connect(&c->sess, b.sock, to, NULL,
			    "sip:13800000000@127.0.0.1", "cust", NULL, 0,
			    "application/sdp", desc, NULL, NULL, false, NULL,
			    customer_answer, NULL, customer_estab, NULL, NULL,
			    customer_close, c, "")) {
		fprintf(stderr, "sipsess_connect failed\n");
		exit(1);
	}
	mem_deref(desc);
}

/* --- main ------------------------------------------------------------- */

static void agent_readable(int flags, void *arg)
{
	(void)flags;
	rpc_pump(arg, NULL, NULL);   /* events are not needed here */
}

/* The agents' bars would be signed out after heartbeat_timeout without it. */
static void heartbeat(void *arg)
{
	(void)arg;
	for (int i = 0; i < b.nagents; i++)
		rpc_send(&b.agents[i], "Heartbeat", NULL);
	tmr_start(&b.heartbeat_tmr, HEARTBEAT_MS, heartbeat, NULL);
}

static void stall_check(void *arg)
{
	(void)arg;
	if (tmr_jiffies() - b.last_progress > STALL_MS) {
		fprintf(stderr, "stalled: %d done, %d failed of %d\n", b.done,
			b.failed, b.calls);
		exit(1);
	}
	tmr_start(&b.stall_tmr, 1000, stall_check, NULL);
}

static int cmp(const void *x, const void *y)
{
	double p = *(const double *)x, q = *(const double *)y;

	return (p > q) - (p < q);
}

static void register_phones(void)
{
	char srv[64], aor[64];

	re_snprintf(srv, sizeof(srv), "sip:127.0.0.1:%d", b.sip_port);
	for (int i = 0; i < b.nagents; i++) {
		snprintf(b.dn[i], sizeof(b.dn[i]), "%d", 1880 + i);
		re_snprintf(aor, sizeof(aor), "sip:%s@127.0.0.1:%d", b.dn[i],
			    b.sip_port);
		if (sipreg_register(&b.reg[i], b.sip, srv, aor, NULL, aor,
				    600, b.dn[i], NULL, 0, 0, phone_auth,
				    b.dn[i], false, reg_resp, NULL, NULL,
				    NULL)) {
			fprintf(stderr, "sipreg_register failed\n");
			exit(1);
		}
	}
	tmr_start(&b.stall_tmr, STALL_MS, (tmr_h *)re_cancel, NULL);
	re_main(NULL);
	tmr_cancel(&b.stall_tmr);
	if (b.registered != b.nagents) {
		fprintf(stderr, "only %d of %d phones registered\n",
			b.registered, b.nagents);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct sa local;
	uint64_t t0, t1;
	double secs;

	b.port = argc > 1 ? atoi(argv[1]) : 0;
	b.sip_port = argc > 2 ? atoi(argv[2]) : 0;
	b.nagents = argc > 3 ? atoi(argv[3]) : 20;
	b.calls = argc > 4 ? atoi(argv[4]) : 1000;
	b.window = argc > 5 ? atoi(argv[5]) : 20;
	b.talk_ms = argc > 6 ? atoi(argv[6]) : 0;
	if (b.port <= 0 || b.sip_port <= 0 || b.nagents < 1 ||
	    b.nagents > MAX_AGENTS || b.calls < 1 || b.window < 1 ||
	    b.talk_ms < 0) {
		fprintf(stderr, "usage: sip_bench AGENT_PORT SIP_PORT "
			"[agents 1-20] [calls] [window] [talk_ms]\n");
		return 2;
	}
	b.setup_ms = calloc((size_t)b.calls, sizeof(double));
	if (!b.setup_ms || libre_init())
		return 1;
	sa_set_str(&local, "127.0.0.1", 0);
	if (sip_alloc(&b.sip, NULL, 4096, 4096, 64, "sip_bench", NULL, NULL) ||
	    sip_transp_add(b.sip, SIP_TRANSP_UDP, &local) ||
	    sipsess_listen(&b.sock, b.sip, 4096, phone_conn, NULL)) {
		fprintf(stderr, "cannot start the SIP stack\n");
		return 1;
	}
	register_phones();
	rpc_signin_agents(b.agents, b.nagents, b.port);
	for (int i = 0; i < b.nagents; i++)
		fd_listen(b.agents[i].fd, FD_READ, agent_readable,
			  &b.agents[i]);

	t0 = now_us();
	b.last_progress = tmr_jiffies();
	tmr_start(&b.rtp_tmr, PTIME, rtp_tick, NULL);
	tmr_start(&b.stall_tmr, 1000, stall_check, NULL);
	tmr_start(&b.heartbeat_tmr, HEARTBEAT_MS, heartbeat, NULL);
	for (int i = 0; i < b.window; i++)
		offer_next();
	re_main(NULL);
	t1 = now_us();
	secs = (double)(t1 - t0) / 1e6;

	qsort(b.setup_ms, (size_t)b.nsetup, sizeof(double), cmp);
	printf("agents %d calls %d window %d talk %d ms\n", b.nagents,
	       b.calls, b.window, b.talk_ms);
	printf("completed %d failed %d in %.2f s: %.0f calls/s\n", b.done,
	       b.failed, secs, b.done / secs);
	if (b.nsetup)
		printf("INVITE->200 median %.2f ms p99 %.2f ms\n",
		       b.setup_ms[b.nsetup / 2],
		       b.setup_ms[(int)(b.nsetup * 0.99)]);
	if (b.talk_ms)
		printf("RTP packets relayed to customers: %llu (%.0f per "
		       "call, %d sent per call)\n",
		       (unsigned long long)b.relayed,
		       (double)b.relayed / (b.done ? b.done : 1),
		       b.talk_ms / PTIME);
	tmr_cancel(&b.rtp_tmr);
	tmr_cancel(&b.stall_tmr);
	tmr_cancel(&b.heartbeat_tmr);
	for (int i = 0; i < b.nagents; i++) {
		fd_close(b.agents[i].fd);
		close(b.agents[i].fd);
		mem_deref(b.reg[i]);
	}
	list_flush(&b.active);
	/* let the un-REGISTERs and BYEs just sent finish */
	tmr_start(&b.stall_tmr, 200, (tmr_h *)re_cancel, NULL);
	re_main(NULL);
	mem_deref(b.sock);
	sip_close(b.sip, true);
	mem_deref(b.sip);
	free(b.setup_ms);
	libre_close();
	return b.failed ? 1 : 0;
}
