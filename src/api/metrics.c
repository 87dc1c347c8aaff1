/*
 * metrics.c — GET /metrics: the daemon's state and counters in the
 * Prometheus text exposition format 0.0.4 (docs/web.md lists every
 * family). Formatting only: the numbers are read where they are kept, the
 * core (agents, calls, skills), the switch through the core (SIP, RTP,
 * legs), the API's own counters (dispatch.c, events.c) and /proc.
 *
 * Every family has its HELP and TYPE even without samples, and the label
 * sets are fixed (states, known methods and events, the directory's
 * skills), so a scrape never grows with what clients send. Nothing is
 * kept between scrapes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "api/api_int.h"
#include <re_sys.h>   /* after re_types.h (api_int.h), as libre wants */
#include "core/core.h"
#include "log.h"

/* ---- formatting helpers (pure) ----------------------------------------- */

/* Bytes of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), 0 if there is none. A string's NUL
 * fails every continuation test, so this never reads past it. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* The exposition format escapes backslash, double quote and line feed in
 * label values and wants UTF-8: a directory name written around the API
 * (the database edited by hand) must not break the whole scrape. */
int metrics_label_value(struct re_printf *pf, const char *value)
{
	const unsigned char *p = (const unsigned char *)value;
	int err = 0;

	if (!value)
		return 0;
	while (*p && !err) {
		size_t run = 0, n;

		while (p[run] && p[run] != '\\' && p[run] != '"' &&
		       p[run] != '\n' && (n = utf8_len(p + run)))
			run += n;
		if (run) {
			err = re_hprintf(pf, "%b", p, run);
			p += run;
			continue;
		}
		switch (*p) {
		case '\\':
			err = re_hprintf(pf, "\\\\");
			break;
		case '"':
			err = re_hprintf(pf, "\\\"");
			break;
		case '\n':
			err = re_hprintf(pf, "\\n");
			break;
		default:   /* not UTF-8: one byte becomes U+FFFD */
			err = re_hprintf(pf, "\xef\xbf\xbd");
			break;
		}
		p++;
	}
	return err;
}

/* "AsHalfAlertingState" → "half_alerting": the manual's name without its
 * "As" and "State", in the lower_snake_case labels are written in. */
int metrics_state_name(char *buf, size_t size, int status)
{
	const char *name = ab_StatusName(status);
	size_t len = strlen(name), o = 0;

	if (!buf || !size || len <= 7 || strncmp(name, "As", 2) ||
	    strcmp(name + len - 5, "State"))
		return EINVAL;
	for (size_t i = 2; i < len - 5; i++) {
		bool upper = name[i] >= 'A' && name[i] <= 'Z';
		bool sep = upper && i > 2;

		if (o + sep + 1 >= size)   /* and the NUL */
			return ENOSPC;
		if (sep)
			buf[o++] = '_';
		buf[o++] = upper ? (char)(name[i] - 'A' + 'a') : name[i];
	}
	buf[o] = '\0';
	return 0;
}

/* ---- the page ------------------------------------------------------------ */

/* The body being written; after the first error nothing more is. */
struct out {
	struct mbuf *mb;
	int err;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->err)
		return;
	va_start(ap, fmt);
	o->err = mbuf_vprintf(o->mb, fmt, ap);
	va_end(ap);
}

static void family(struct out *o, const char *name, const char *type,
		   const char *help)
{
	put(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Microseconds as seconds, exactly. */
static void put_us(struct out *o, uint64_t us)
{
	put(o, "%llu.%06llu\n", (unsigned long long)(us / 1000000),
	    (unsigned long long)(us % 1000000));
}

/* RSS from /proc/self/statm (its second field, in pages); 0 or errno. */
static int resident_bytes(uint64_t *bytes)
{
	char buf[128], *p, *end;
	unsigned long long pages;
	long page = sysconf(_SC_PAGESIZE);
	ssize_t n;
	int fd, err;

	fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	n = read(fd, buf, sizeof(buf) - 1);
	err = n < 0 ? errno : 0;
	close(fd);
	if (n <= 0 || page <= 0)
		return err ? err : EIO;
	buf[n] = '\0';
	p = strchr(buf, ' ');
	if (!p)
		return EIO;
	errno = 0;
	pages = strtoull(p + 1, &end, 10);
	if (errno || end == p + 1)
		return EIO;
	*bytes = (uint64_t)pages * (uint64_t)page;
	return 0;
}

static void process(struct out *o, const struct api *api)
{
	uint64_t up = tmr_jiffies() - api->stats.start_jiffies, rss = 0;
	int err;

	family(o, "callcloud_build_info", "gauge",
	       "The libraries the daemon runs on and its switch, as labels.");
	put(o, "callcloud_build_info{libre=\"%H\",jansson=\"%H\","
	    "switch=\"%s\"} 1\n", metrics_label_value,
	    sys_libre_version_get(), metrics_label_value, JANSSON_VERSION,
	    core_switch_name(api->core));
	family(o, "callcloud_process_start_time_seconds", "gauge",
	       "When the daemon started, in seconds since the epoch.");
	put(o, "callcloud_process_start_time_seconds ");
	put_us(o, (uint64_t)api->stats.start_us);
	family(o, "callcloud_uptime_seconds", "gauge",
	       "Seconds since the daemon started (monotonic clock).");
	put(o, "callcloud_uptime_seconds %llu.%03llu\n",
	    (unsigned long long)(up / 1000), (unsigned long long)(up % 1000));
	family(o, "callcloud_process_resident_memory_bytes", "gauge",
	       "Resident memory of the daemon in bytes.");
	err = resident_bytes(&rss);
	if (err)
		log_debug("metrics: /proc/self/statm: %s", strerror(err));
	else
		put(o, "callcloud_process_resident_memory_bytes %llu\n",
		    (unsigned long long)rss);
}

/* ---- agents and calls ---------------------------------------------------- */

struct agent_walk {
	struct core *core;
	unsigned n[AS_STATE_COUNT];
};

static void agent_h(struct agent *a, void *arg)
{
	struct agent_walk *w = arg;
	int st = agent_status(a);

	if (st >= 0 && st < AS_STATE_COUNT)
		++w->n[st];
}

/* Directory agents nobody signed in with are the un_login ones. */
static void dir_agent_h(const struct dir_agent *d, void *arg)
{
	struct agent_walk *w = arg;

	if (!core_agent_by_id(w->core, d->id))
		++w->n[AsUnLoginState];
}

static void agents(struct out *o, struct api *api)
{
	struct agent_walk w = {.core = api->core};
	char name[32];
	int err;

	core_agents_foreach(api->core, agent_h, &w);
	err = store_agent_list(api->st, dir_agent_h, &w);
	if (err) {
		/* A partial page would read as agents signing in. */
		log_error("metrics: agent list: %s", strerror(err));
		o->err = err;
		return;
	}
	family(o, "callcloud_agents", "gauge",
	       "Agents by state (AgentStatusT); un_login: agents of the "
	       "directory not signed in.");
	for (int st = 0; st < AS_STATE_COUNT; st++) {
		if (metrics_state_name(name, sizeof(name), st))
			continue;
		put(o, "callcloud_agents{state=\"%s\"} %u\n", name, w.n[st]);
	}
}

static void calls(struct out *o, struct api *api)
{
	static const char *const kind[CORE_CALLS_KINDS] = {
		[CORE_CALLS_IVR] = "ivr",
		[CORE_CALLS_QUEUED] = "queued",
		[CORE_CALLS_PRIVATE_QUEUE] = "private_queue",
		[CORE_CALLS_RINGING] = "ringing",
		[CORE_CALLS_DIALLING] = "dialling",
		[CORE_CALLS_TALKING] = "talking",
		[CORE_CALLS_UNATTENDED] = "unattended",
	};
	unsigned n[CORE_CALLS_KINDS];

	core_call_counts(api->core, n);
	family(o, "callcloud_calls", "gauge", "Calls by what they are doing.");
	for (int k = 0; k < CORE_CALLS_KINDS; k++)
		put(o, "callcloud_calls{state=\"%s\"} %u\n", kind[k], n[k]);
}

/* ---- skills -------------------------------------------------------------- */

struct skill_row {
	struct le le;
	char name[STORE_NAME_SIZE];
	struct skill_stats st;
};

struct skill_walk {
	struct core *core;
	struct list rows;
	int err;
};

static void skill_h(const struct dir_skill *d, void *arg)
{
	struct skill_walk *w = arg;
	struct skill_row *r;

	if (w->err || !d->name[0])   /* no name: no label, no lookup */
		return;
	r = mem_zalloc(sizeof(*r), NULL);
	if (!r) {
		w->err = ENOMEM;
		return;
	}
	str_ncpy(r->name, d->name, sizeof(r->name));
	list_append(&w->rows, &r->le, r);
	/* The store just listed it: only a database error (logged there)
	 * can make the lookup fail, and the page must not lose the skill. */
	if (core_skill_stats(w->core, r->name, &r->st) != ArSuccess)
		w->err = EIO;
}

enum skill_value {
	SV_QUEUED, SV_OLDEST, SV_FREE, SV_SIGNED_IN, SV_OFFERED, SV_ANSWERED,
	SV_IN_SL, SV_ABANDONED, SV_OVERFLOWED, SV_WAIT, SV_SL_RATIO, SV_ASA,
	SV_COUNT
};

static const struct {
	const char *name, *type, *help;
} skill_families[SV_COUNT] = {
	[SV_QUEUED] = {"callcloud_skill_queue_length", "gauge",
		"Calls waiting in the skill's queue."},
	[SV_OLDEST] = {"callcloud_skill_oldest_wait_seconds", "gauge",
		"How long the longest waiting call of the queue has waited."},
	[SV_FREE] = {"callcloud_skill_free_agents", "gauge",
		"Ready agents signed in with the skill."},
	[SV_SIGNED_IN] = {"callcloud_skill_signed_in_agents", "gauge",
		"Agents signed in with the skill, in any state."},
	[SV_OFFERED] = {"callcloud_skill_offered_total", "counter",
		"Calls that entered the skill's queue."},
	[SV_ANSWERED] = {"callcloud_skill_answered_total", "counter",
		"Calls of the skill answered by an agent."},
	[SV_IN_SL] = {"callcloud_skill_answered_within_sl_total", "counter",
		"Calls answered within [acd] service_level_seconds of "
		"entering the queue."},
	[SV_ABANDONED] = {"callcloud_skill_abandoned_total", "counter",
		"Calls whose customer hung up waiting or while agents rang."},
	[SV_OVERFLOWED] = {"callcloud_skill_overflowed_total", "counter",
		"Calls that left the queue on the skill's max wait."},
	[SV_WAIT] = {"callcloud_skill_answer_wait_seconds_total", "counter",
		"Total time the answered calls waited in the queue."},
	[SV_SL_RATIO] = {"callcloud_skill_service_level_ratio", "gauge",
		"Answered within the service level over answered, abandoned "
		"and overflowed, since start-up; NaN before any."},
	[SV_ASA] = {"callcloud_skill_average_speed_of_answer_seconds",
		"gauge", "Average wait of the answered calls since start-up."},
};

static void skill_value(struct out *o, const struct skill_stats *s,
			enum skill_value v)
{
	const struct skill_counters *n = &s->n;
	uint64_t done = n->answered + n->abandoned + n->overflowed;

	switch (v) {
	case SV_QUEUED:     put(o, "%d\n", s->queued); break;
	case SV_OLDEST:     put_us(o, (uint64_t)s->oldest_wait_us); break;
	case SV_FREE:       put(o, "%d\n", s->free_agents); break;
	case SV_SIGNED_IN:  put(o, "%d\n", s->signed_in); break;
	case SV_OFFERED:    put(o, "%llu\n", n->offered); break;
	case SV_ANSWERED:   put(o, "%llu\n", n->answered); break;
	case SV_IN_SL:      put(o, "%llu\n", n->answered_in_sl); break;
	case SV_ABANDONED:  put(o, "%llu\n", n->abandoned); break;
	case SV_OVERFLOWED: put(o, "%llu\n", n->overflowed); break;
	case SV_WAIT:       put_us(o, n->answer_wait_us); break;
	case SV_SL_RATIO:
		if (done)
			put(o, "%f\n", (double)n->answered_in_sl /
			    (double)done);
		else
			put(o, "NaN\n");
		break;
	case SV_ASA:
		put_us(o, n->answered ? n->answer_wait_us / n->answered : 0);
		break;
	case SV_COUNT:
		break;
	}
}

static void skills(struct out *o, struct api *api)
{
	struct skill_walk w = {.core = api->core};
	struct le *le;
	int err;

	list_init(&w.rows);
	err = store_skill_list(api->st, skill_h, &w);
	err = err ? err : w.err;
	if (err) {
		/* Counters missing from one scrape would read as resets. */
		log_error("metrics: skill list: %s", strerror(err));
		o->err = err;
		list_flush(&w.rows);
		return;
	}
	for (int v = 0; v < SV_COUNT; v++) {
		family(o, skill_families[v].name, skill_families[v].type,
		       skill_families[v].help);
		LIST_FOREACH(&w.rows, le) {
			const struct skill_row *r = le->data;

			put(o, "%s{skill=\"%H\"} ", skill_families[v].name,
			    metrics_label_value, r->name);
			skill_value(o, &r->st, v);
		}
	}
	list_flush(&w.rows);
}

/* ---- the API ------------------------------------------------------------- */

static void connections(struct out *o, const struct api *api)
{
	unsigned tcp = 0, ws = 0;
	struct le *le;

	LIST_FOREACH(&api->sessions, le) {
		const struct session *s = le->data;

		tcp += s->tc && !s->wsrx;
		ws += s->tc && s->wsrx;
	}
	family(o, "callcloud_connections", "gauge",
	       "Client connections: the agent port (tcp) and /ws (ws).");
	put(o, "callcloud_connections{transport=\"tcp\"} %u\n"
	    "callcloud_connections{transport=\"ws\"} %u\n", tcp, ws);
}

static void api_counters(struct out *o, const struct api *api)
{
	size_t n = dispatch_methods(api);

	family(o, "callcloud_limited_total", "counter",
	       "Connections refused or closed and requests refused, by the "
	       "[limits] key that did.");
	for (int k = 0; k < LIMIT_KINDS; k++)
		put(o, "callcloud_limited_total{limit=\"%s\"} %llu\n",
		    limits_name(k), api->lim.counts[k]);

	family(o, "callcloud_events_sent_total", "counter",
	       "Notifications sent to connections (a bar's own events and "
	       "Monitor.Subscribe's copies).");
	for (size_t i = 0; i < API_EVENTS; i++) {
		const char *name = events_name(i);

		if (name)
			put(o, "callcloud_events_sent_total{event=\"%s\"} "
			    "%llu\n", name, api->stats.events[i]);
	}
	family(o, "callcloud_rpc_requests_total", "counter",
	       "JSON-RPC requests by method; unknown: any other name, or a "
	       "request that could not be read.");
	for (size_t i = 0; i <= n; i++)
		put(o, "callcloud_rpc_requests_total{method=\"%s\"} %llu\n",
		    i < n ? dispatch_method_name(api, i) : "unknown",
		    api->stats.rpc_requests[i]);
	family(o, "callcloud_rpc_errors_total", "counter",
	       "JSON-RPC requests answered with an error or a non-zero "
	       "result code, by method.");
	for (size_t i = 0; i <= n; i++)
		put(o, "callcloud_rpc_errors_total{method=\"%s\"} %llu\n",
		    i < n ? dispatch_method_name(api, i) : "unknown",
		    api->stats.rpc_errors[i]);
}

/* ---- the switch ---------------------------------------------------------- */

static void switch_counters(struct out *o, struct api *api)
{
	static const char *const dir[SW_DIRS] = {"in", "out"};
	struct sw_stats st;

	core_switch_stats(api->core, &st);
	family(o, "callcloud_sip_requests_total", "counter",
	       "SIP requests on the wire by method, retransmissions "
	       "included; in: received, out: sent.");
	for (int d = 0; d < SW_DIRS; d++)
		for (int m = 0; m < SW_SIP_METHODS; m++)
			put(o, "callcloud_sip_requests_total{method=\"%s\","
			    "direction=\"%s\"} %llu\n",
			    sw_sip_method_name(m), dir[d],
			    st.sip_requests[d][m]);
	family(o, "callcloud_sip_responses_total", "counter",
	       "SIP responses on the wire by status class.");
	for (int d = 0; d < SW_DIRS; d++)
		for (int c = 0; c < SW_SIP_CLASSES; c++)
			put(o, "callcloud_sip_responses_total{class=\"%dxx\","
			    "direction=\"%s\"} %llu\n", c + 1, dir[d],
			    st.sip_responses[d][c]);
	family(o, "callcloud_rtp_packets_received_total", "counter",
	       "RTP packets received from the legs' peers.");
	put(o, "callcloud_rtp_packets_received_total %llu\n",
	    st.rtp_received);
	family(o, "callcloud_rtp_packets_sent_total", "counter",
	       "RTP packets sent to the legs' peers.");
	put(o, "callcloud_rtp_packets_sent_total %llu\n", st.rtp_sent);
	family(o, "callcloud_rtp_packets_lost_total", "counter",
	       "RTP packets the peers' sequence numbers show missing.");
	put(o, "callcloud_rtp_packets_lost_total %llu\n", st.rtp_lost);
	family(o, "callcloud_srtp_packets_dropped_total", "counter",
	       "Packets WebRTC legs dropped: SRTP authentication failed, or "
	       "they came before the DTLS keys.");
	put(o, "callcloud_srtp_packets_dropped_total %llu\n",
	    st.srtp_dropped);
	family(o, "callcloud_switch_legs", "gauge",
	       "Legs the switch holds: customers, agents' phones, outside "
	       "numbers.");
	put(o, "callcloud_switch_legs %llu\n", st.legs);
}

/* ---- the CTI pair ------------------------------------------------------- */

static void ha(struct out *o, const struct api *api)
{
	const struct api_ha *h = &api->ha;

	family(o, "callcloud_ha_master", "gauge",
	       "1 when this CTI serves (master or alone), 0 on standby.");
	put(o, "callcloud_ha_master %d\n", h->master ? 1 : 0);
	family(o, "callcloud_ha_fence_token", "gauge",
	       "The fencing token this CTI commands the switch node with.");
	put(o, "callcloud_ha_fence_token %llu\n",
	    (unsigned long long)h->token);
	family(o, "callcloud_ha_takeovers_total", "counter",
	       "Times this CTI took the lead of its pair.");
	put(o, "callcloud_ha_takeovers_total %llu\n",
	    (unsigned long long)h->takeovers);
	family(o, "callcloud_ha_last_takeover_time_seconds", "gauge",
	       "When this CTI last took the lead, in seconds since the epoch.");
	if (h->takeovers) {
		put(o, "callcloud_ha_last_takeover_time_seconds ");
		put_us(o, h->last_takeover_us);
	}
	family(o, "callcloud_ha_last_takeover_duration_seconds", "gauge",
	       "From getting the lock to serving, at the last takeover.");
	if (h->takeovers)
		put(o, "callcloud_ha_last_takeover_duration_seconds "
		    "%llu.%03llu\n",
		    (unsigned long long)(h->last_takeover_ms / 1000),
		    (unsigned long long)(h->last_takeover_ms % 1000));
}

void metrics_reply(struct api *api, struct http_conn *hc)
{
	struct out o = {.mb = mbuf_alloc(16384)};

	if (!o.mb) {
		http_ereply(hc, 500, "Internal Server Error");
		return;
	}
	process(&o, api);
	agents(&o, api);
	calls(&o, api);
	skills(&o, api);
	connections(&o, api);
	api_counters(&o, api);
	switch_counters(&o, api);
	ha(&o, api);
	if (o.err) {
		log_error("metrics: %s", strerror(o.err));
		http_ereply(hc, 500, "Internal Server Error");
	}
	else {
		http_reply(hc, 200, "OK",
			   "Content-Type: text/plain; version=0.0.4; "
			   "charset=utf-8\r\n"
			   "Content-Length: %zu\r\n"
			   "Cache-Control: no-store\r\n"
			   "%H\r\n%b", o.mb->end, http_security_headers, api,
			   o.mb->buf, o.mb->end);
	}
	mem_deref(o.mb);
}
