/*
 * sip_switch.c — the SIP switch instance: its SIP stack (UDP and TCP, TLS
 * and WebSocket when asked), registrar, session socket and media engine (with
 * the WebRTC certificate when one is set), and its event queue.
 *
 * Events are queued and handed to the core from a 0 ms timer, oldest
 * first, so none is ever delivered from inside an ops call (switch.h).
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/sip/sip_int.h"

struct sipsw_event {
	struct le le;
	struct sw_event ev;   /* its strings are the members below */
	char *call_id;
	char *ani;
	char *dnis;
	char *dn;
	struct sw_kv *data;
	char digits[2];
};

static void event_destructor(void *arg)
{
	struct sipsw_event *e = arg;

	list_unlink(&e->le);
	mem_deref(e->call_id);
	mem_deref(e->ani);
	mem_deref(e->dnis);
	mem_deref(e->dn);
	mem_deref(e->data);
}

static void deliver_h(void *arg)
{
	struct sip_switch *ss = arg;
	/* The handler may destroy the switch; its destructor then clears
	 * this flag, which outlives it, and ss may not be touched again. */
	bool *alive = mem_ref(ss->alive);
	struct le *le;

	ss->delivering = true;
	while (*alive && (le = list_head(&ss->events))) {
		struct sipsw_event *e = le->data;

		list_unlink(le);
		ss->sw.eh(&e->ev, ss->sw.arg);
		mem_deref(e);
	}
	if (*alive)
		ss->delivering = false;
	mem_deref(alive);
}

static struct sipsw_event *event_new(sw_leg_t leg, enum sw_event_type type,
				     enum sw_cause cause)
{
	struct sipsw_event *e = mem_zalloc(sizeof(*e), event_destructor);

	if (!e)
		return NULL;
	e->ev.type = type;
	e->ev.leg = leg;
	e->ev.cause = cause;
	return e;
}

static void event_queue(struct sip_switch *ss, struct sipsw_event *e)
{
	list_append(&ss->events, &e->le, e);
	if (!ss->delivering && !tmr_isrunning(&ss->deliver_tmr))
		tmr_start(&ss->deliver_tmr, 0, deliver_h, ss);
}

void sipsw_post(struct sip_switch *ss, sw_leg_t leg, enum sw_event_type type,
		enum sw_cause cause)
{
	struct sipsw_event *e = event_new(leg, type, cause);

	/* Out of memory: the event is lost, as a lost SIP message would be;
	 * the leg's own timers and the far end's retransmissions recover. */
	if (e)
		event_queue(ss, e);
}

int sipsw_post_incoming(struct sip_switch *ss, sw_leg_t leg,
			const struct pl *call_id, const struct pl *ani,
			const struct pl *dnis, struct sw_kv *data,
			size_t ndata)
{
	struct sipsw_event *e = event_new(leg, SW_EV_INCOMING,
					  SW_CAUSE_NORMAL);
	int err;

	if (!e) {
		mem_deref(data);
		return ENOMEM;
	}
	e->data = data;
	e->ev.data = data;
	e->ev.ndata = ndata;
	err = pl_strdup(&e->call_id, call_id);
	err = err ? err : pl_strdup(&e->ani, ani);
	err = err ? err : pl_strdup(&e->dnis, dnis);
	if (err) {
		mem_deref(e);
		return err;
	}
	e->ev.call_id = e->call_id;
	e->ev.ani = e->ani;
	e->ev.dnis = e->dnis;
	event_queue(ss, e);
	return 0;
}

void sipsw_post_digits(struct sip_switch *ss, sw_leg_t leg, char digit)
{
	struct sipsw_event *e = event_new(leg, SW_EV_DTMF, SW_CAUSE_NORMAL);

	if (!e)
		return;
	e->digits[0] = digit;
	e->ev.digits = e->digits;
	event_queue(ss, e);
}

/* The registrar saw a DN's first contact arrive or its last one go. */
static void registration_h(const char *dn, bool registered, void *arg)
{
	struct sip_switch *ss = arg;
	struct sipsw_event *e = event_new(0, SW_EV_PHONE, SW_CAUSE_NORMAL);

	log_trace("phone %s %s", dn, registered ? "registered" :
		  "no longer registered");
	if (!e || str_dup(&e->dn, dn)) {
		mem_deref(e);
		return;
	}
	e->ev.dn = e->dn;
	e->ev.up = registered;
	event_queue(ss, e);
}

/* A leg the core hung up says nothing more (switch.h). */
void sipsw_forget_events(struct sip_switch *ss, sw_leg_t leg)
{
	struct le *le = list_head(&ss->events);

	while (le) {
		struct sipsw_event *e = le->data;

		le = le->next;
		if (e->ev.leg == leg)
			mem_deref(e);
	}
}

static void sipsw_destructor(void *arg)
{
	struct sip_switch *ss = arg;
	struct le *le;

	if (ss->alive)
		*ss->alive = false;
	mem_deref(ss->alive);
	/* The stack may outlive us (references held by its transactions):
	 * nothing may count into a freed switch. */
	if (ss->sip)
		sip_set_trace_handler(ss->sip, NULL);
	tmr_cancel(&ss->deliver_tmr);
	list_flush(&ss->events);
	while ((le = list_head(&ss->legs)))
		mem_deref(le->data);
	sip_ws_close(ss);
	mem_deref(ss->sock);
	mem_deref(ss->update_lsnr);
	mem_deref(ss->flood_lsnr);
	mem_deref(ss->flood);
	mem_deref(ss->reg);
	if (ss->sip)
		sip_close(ss->sip, true);
	mem_deref(ss->sip);
	mem_deref(ss->media);
	mem_deref(ss->gateway);
	mem_deref(ss->trunk_user);
	mem_deref(ss->trunk_password);
	mem_deref(ss->tls);
}

/* UDP and TCP on one address, and TLS on the same address when on. With
 * port 0 (tests) TCP takes its own free port: the UDP one may be taken
 * for TCP; TLS takes a free port on the first address and keeps it for
 * the others. */
static int transport_add(struct sip_switch *ss, const struct sa *laddr)
{
	struct sa tls = *laddr;
	int err = sip_transp_add(ss->sip, SIP_TRANSP_UDP, laddr);

	err = err ? err : sip_transp_add(ss->sip, SIP_TRANSP_TCP, laddr);
	if (err || !ss->tls)
		return err;
	sa_set_port(&tls, ss->tls_port);
	err = sip_transp_add(ss->sip, SIP_TRANSP_TLS, &tls, ss->tls);
	if (!err && !ss->tls_port)
		err = sip_transp_laddr(ss->sip, &tls, SIP_TRANSP_TLS, NULL);
	if (!err)
		ss->tls_port = sa_port(&tls);
	return err;
}

struct ifwalk {
	struct sip_switch *ss;
	struct sa first;    /* bound already, with the port all share */
};

static bool if_add(const char *ifname, const struct sa *sa, void *arg)
{
	struct ifwalk *w = arg;
	struct sa a = *sa;
	(void)ifname;

	if (sa_af(&a) != sa_af(&w->first) || sa_is_linklocal(&a) ||
	    sa_cmp(&a, &w->first, SA_ADDR))
		return false;
	sa_set_port(&a, sa_port(&w->first));
	/* An address that cannot be bound (going down, in use) leaves the
	 * others serving. */
	(void)transport_add(w->ss, &a);
	return false;
}

/* libre binds SIP to concrete addresses only: "any" (0.0.0.0 / ::) means
 * the default source address, then every other address of the host on
 * the same port, as baresip does. */
static int transports_add(struct sip_switch *ss, const struct sa *laddr)
{
	struct ifwalk w = {.ss = ss};
	int err;

	if (!sa_is_any(laddr))
		return transport_add(ss, laddr);
	w.first = ss->media_ip;
	sa_set_port(&w.first, sa_port(laddr));
	err = transport_add(ss, &w.first);
	err = err ? err : sip_transp_laddr(ss->sip, &w.first, SIP_TRANSP_UDP,
					   NULL);
	if (!err)
		(void)net_if_apply(if_add, &w);
	return err;
}

static int stack_alloc(struct sip_switch *ss,
		       const struct sip_switch_conf *conf)
{
	struct sa laddr;
	int err;

	err = sa_set_str(&laddr, conf->listen, conf->sip_port);
	if (err)
		return EINVAL;
	ss->media_ip = laddr;
	if (str_isset(conf->media_address)) {
		if (sa_set_str(&ss->media_ip, conf->media_address, 0))
			return EINVAL;
	}
	else if (sa_is_any(&laddr)) {
		err = net_default_source_addr_get(sa_af(&laddr),
						  &ss->media_ip);
		if (err)
			return err;
	}
	sa_set_port(&ss->media_ip, 0);
	/* Finished transactions linger (timers J/K, 32 s over UDP), so the
	 * tables hold some seconds of traffic, not just the calls up now. */
	err = sip_alloc(&ss->sip, NULL, SIPSW_HASH_SIZE, SIPSW_HASH_SIZE,
			SIPSW_TCP_HASH_SIZE, "callcloud", NULL, ss);
	/* libre hands its trace handler sip_alloc's arg (no exit handler
	 * uses it here). */
	if (!err)
		sip_set_trace_handler(ss->sip, sipsw_trace);
	/* first listener: a flood stops here, before any other work */
	err = err ? err : sip_flood_listen(ss, conf);
	err = err ? err : transports_add(ss, &laddr);
	err = err ? err : sip_ws_init(ss);
	if (!err && conf->ws) {
		struct sa wsaddr = laddr;   /* "any" is fine for TCP */

		sa_set_port(&wsaddr, conf->ws_port);
		err = sip_ws_listen(ss, &wsaddr);
	}
	err = err ? err : registrar_alloc(&ss->reg, ss->sip,
					  conf->secreth, conf->secret_arg,
					  conf->realm ? conf->realm
						      : "callcloud");
	err = err ? err : registrar_set_options_interval(
		ss->reg, conf->options_interval);
	if (!err)
		registrar_set_handler(ss->reg, registration_h, ss);
	err = err ? err : sip_share_init(ss, conf->share);
	err = err ? err : sip_update_listen(ss);
	err = err ? err : sipsess_listen(&ss->sock, ss->sip, SIPSW_HASH_SIZE,
					 sip_inbound_conn, ss);
	err = err ? err : media_alloc(&ss->media, conf->listen,
				      conf->rtp_port_min,
				      conf->rtp_port_max);
	if (!err && str_isset(conf->dtls_cert)) {
		err = media_set_certificate(ss->media, conf->dtls_cert);
		if (err)
			log_error("WebRTC certificate %s: %s", conf->dtls_cert,
				  strerror(err));
	}
	return err;
}

/* "10.0.0.1, 10.0.0.2" → ss->trunks; EINVAL on a bad address or too many */
static int trunks_parse(struct sip_switch *ss, const char *list)
{
	struct pl rest, item;

	if (!str_isset(list))
		return 0;
	pl_set_str(&rest, list);
	while (!re_regex(rest.p, rest.l, "[ ,]*[^ ,]+", NULL, &item)) {
		if (ss->ntrunks == SIP_SWITCH_TRUNKS_MAX ||
		    sa_set(&ss->trunks[ss->ntrunks], &item, 0))
			return EINVAL;
		ss->ntrunks++;
		pl_advance(&rest, (size_t)(item.p + item.l - rest.p));
	}
	return 0;
}

bool sipsw_printable(const struct pl *pl, size_t max)
{
	if (pl->l > max)
		return false;
	for (size_t i = 0; i < pl->l; i++)
		if (pl->p[i] <= ' ' || pl->p[i] > '~')
			return false;
	return true;
}

/* A browser's flow only when a REGISTER came over that very flow: all
 * flows come from the loopback address, which may be a trunk's. */
bool sipsw_source_allowed(const struct sip_switch *ss, const struct sa *src)
{
	if (sip_ws_flow(ss, src))
		return registrar_has_flow(ss->reg, src);
	for (size_t i = 0; i < ss->ntrunks; i++)
		if (sa_cmp(&ss->trunks[i], src, SA_ADDR))
			return true;
	return registrar_has_source(ss->reg, src);
}

/* libre 1.1's SIP transport checks no certificate on the connections it
 * opens, so a gateway over TLS would be encrypted to anyone: refused
 * rather than pretended (docs/security.md). */
static bool gateway_tls(const struct uri *uri)
{
	struct pl tp;

	return !pl_strcasecmp(&uri->scheme, "sips") ||
	       (!msg_param_decode(&uri->params, "transport", &tp) &&
		!pl_strcasecmp(&tp, "tls"));
}

int sip_switch_alloc(struct sw **swp, sw_event_h *eh, void *arg,
		     const struct sip_switch_conf *conf)
{
	struct sip_switch *ss;
	int err;

	if (!swp || !eh || !conf || !conf->listen || !conf->secreth)
		return EINVAL;
	if (!conf->rtp_port_min || conf->rtp_port_min > conf->rtp_port_max)
		return EINVAL;
	ss = mem_zalloc(sizeof(*ss), sipsw_destructor);
	if (!ss)
		return ENOMEM;
	ss->sw.ops = &sip_switch_ops;
	ss->sw.eh = eh;
	ss->sw.arg = arg;
	ss->webrtc_timeout_ms = conf->webrtc_timeout_ms ?
				conf->webrtc_timeout_ms : 10000;
	ss->ws_grace_ms = conf->ws_grace_ms;
	if (conf->tls && conf->tls_port >= 0) {
		if (conf->tls_port > 65535) {
			mem_deref(ss);
			return EINVAL;
		}
		ss->tls = mem_ref(conf->tls);
		ss->tls_port = (uint16_t)conf->tls_port;
	}
	tmr_init(&ss->deliver_tmr);
	ss->alive = mem_zalloc(sizeof(*ss->alive), NULL);
	if (!ss->alive) {
		mem_deref(ss);
		return ENOMEM;
	}
	*ss->alive = true;
	err = trunks_parse(ss, conf->trunk_address);
	if (!err && str_isset(conf->trunk_user))
		err = str_dup(&ss->trunk_user, conf->trunk_user) |
		      str_dup(&ss->trunk_password, conf->trunk_password ?
					conf->trunk_password : "");
	if (!err && str_isset(conf->gateway)) {
		struct pl pl;
		struct uri uri;

		pl_set_str(&pl, conf->gateway);
		err = uri_decode(&uri, &pl) ? EINVAL
					    : str_dup(&ss->gateway,
						      conf->gateway);
		if (!err && gateway_tls(&uri)) {
			log_error("[sip] gateway %s: TLS to a gateway is not "
				  "supported", conf->gateway);
			err = ENOTSUP;
		}
	}
	err = err ? err : stack_alloc(ss, conf);
	if (err) {
		mem_deref(ss);
		return err;
	}
	*swp = &ss->sw;
	return 0;
}

struct sip_switch *sipsw_of(struct sw *sw)
{
	return sw && sw->ops == &sip_switch_ops ? (struct sip_switch *)sw
						: NULL;
}

int sip_switch_laddr(struct sw *sw, struct sa *sa)
{
	struct sip_switch *ss = sipsw_of(sw);

	if (!ss || !sa)
		return EINVAL;
	return sip_transp_laddr(ss->sip, sa, SIP_TRANSP_UDP, NULL);
}

int sip_switch_tls_laddr(struct sw *sw, struct sa *sa)
{
	struct sip_switch *ss = sipsw_of(sw);

	if (!ss || !sa)
		return EINVAL;
	if (!ss->tls)
		return ENOENT;
	return sip_transp_laddr(ss->sip, sa, SIP_TRANSP_TLS, NULL);
}

int sip_switch_ws_laddr(struct sw *sw, struct sa *sa)
{
	struct sip_switch *ss = sipsw_of(sw);

	if (!ss || !sa)
		return EINVAL;
	if (!ss->ws_sock)
		return ENOENT;
	*sa = ss->ws_laddr;
	return 0;
}

struct registrar *sip_switch_registrar(struct sw *sw)
{
	struct sip_switch *ss = sipsw_of(sw);

	return ss ? ss->reg : NULL;
}
