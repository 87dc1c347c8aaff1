/*
 * acd_bench.c — end-to-end ACD throughput over the wire protocol: N agents
 * with AutoAnswer sign in, an admin connection offers C calls through the
 * sim switch (at most W waiting at once), every agent releases each call as
 * soon as it is connected. Prints calls per second and the latency from
 * Sim.InboundCall to OnConnected (median, p99), measured here.
 *
 * usage: acd_bench PORT [agents=20] [calls=5000] [window=50]
 * (bench/run.sh starts a daemon on a free port and runs this against it).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { MAX_AGENTS = 20, BUF = 1 << 16 };

struct conn {
	int fd;
	char buf[BUF];
	size_t len;
	int next_id;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dial(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("connect");
		exit(1);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static void send_req(struct conn *c, const char *method, json_t *params)
{
	json_t *req = json_pack("{s:s, s:i, s:s, s:o}", "jsonrpc", "2.0",
				"id", ++c->next_id, "method", method,
				"params", params ? params : json_object());
	char *line = json_dumps(req, JSON_COMPACT);
	size_t n = strlen(line);

	line = realloc(line, n + 2);
	line[n] = '\n';
	if (write(c->fd, line, n + 1) != (ssize_t)(n + 1)) {
		perror("write");
		exit(1);
	}
	free(line);
	json_decref(req);
}

/* Reads what is there; calls h for each complete message. */
static void pump(struct conn *c, void (*h)(struct conn *, json_t *, void *),
		 void *arg)
{
	ssize_t n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
	char *nl;

	if (n <= 0) {
		fprintf(stderr, "connection closed\n");
		exit(1);
	}
	c->len += (size_t)n;
	while ((nl = memchr(c->buf, '\n', c->len))) {
		json_t *m = json_loadb(c->buf, (size_t)(nl - c->buf), 0,
				       NULL);
		size_t used = (size_t)(nl - c->buf) + 1;

		if (m)
			h(c, m, arg);
		json_decref(m);
		memmove(c->buf, nl + 1, c->len - used);
		c->len -= used;
	}
}

/* Blocking request: waits for its reply, returns result.code. */
static int call(struct conn *c, const char *method, json_t *params)
{
	int want = c->next_id + 1, code = -1;

	send_req(c, method, params);
	while (code < 0) {
		char *nl;
		ssize_t n;

		while (!(nl = memchr(c->buf, '\n', c->len))) {
			n = read(c->fd, c->buf + c->len,
				 sizeof(c->buf) - c->len);
			if (n <= 0)
				exit(1);
			c->len += (size_t)n;
		}
		{
			json_t *m = json_loadb(c->buf, (size_t)(nl - c->buf),
					       0, NULL);
			size_t used = (size_t)(nl - c->buf) + 1;

			if (m && json_integer_value(json_object_get(m, "id"))
			    == want)
				code = (int)json_integer_value(json_object_get(
					json_object_get(m, "result"), "code"));
			json_decref(m);
			memmove(c->buf, nl + 1, c->len - used);
			c->len -= used;
		}
	}
	return code;
}

struct run {
	int calls, window, offered, done;
	double *sent_at;      /* by call index, from the callID "sim-N" */
	double *lat;
	int nlat;
	struct conn *admin;
};

static void offer(struct run *r)
{
	send_req(r->admin, "Sim.InboundCall", json_pack(
		"{s:s, s:s}", "ani", "13800000000", "dnis", "4000"));
	r->sent_at[r->offered++] = now_s();
}

static void on_agent_msg(struct conn *c, json_t *m, void *arg)
{
	struct run *r = arg;
	const char *method = json_string_value(json_object_get(m, "method"));
	const char *cid;
	int idx;

	if (!method || strcmp(method, "OnConnected"))
		return;
	cid = json_string_value(json_object_get(json_object_get(m, "params"),
						"callID"));
	if (cid && sscanf(cid, "sim-%d", &idx) == 1 && idx >= 1 &&
	    idx <= r->offered)
		r->lat[r->nlat++] = now_s() - r->sent_at[idx - 1];
	send_req(c, "ReleaseCall", NULL);
	r->done++;
	if (r->offered < r->calls)
		offer(r);
}

static void ignore(struct conn *c, json_t *m, void *arg)
{
	(void)c;
	(void)m;
	(void)arg;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static struct conn ag[MAX_AGENTS], admin;
	int port = argc > 1 ? atoi(argv[1]) : 0;
	int nag = argc > 2 ? atoi(argv[2]) : 20;
	struct run r = {.calls = argc > 3 ? atoi(argv[3]) : 5000,
			.window = argc > 4 ? atoi(argv[4]) : 50};
	struct pollfd pfd[MAX_AGENTS + 1];
	double t0, t1;
	int i;

	if (port <= 0 || nag < 1 || nag > MAX_AGENTS || r.calls < 1 ||
	    r.window < 1) {
		fprintf(stderr, "usage: acd_bench PORT [agents 1-20] [calls] "
			"[window]\n");
		return 2;
	}
	r.sent_at = calloc((size_t)r.calls, sizeof(double));
	r.lat = calloc((size_t)r.calls, sizeof(double));
	admin.fd = dial(port);
	r.admin = &admin;
	if (call(&admin, "Admin.Login", json_pack("{s:s, s:s}", "user",
						  "admin", "password",
						  "admin"))) {
		fprintf(stderr, "admin login failed\n");
		return 1;
	}
	for (i = 0; i < nag; i++) {
		char id[8], pw[16], dn[8];

		snprintf(id, sizeof(id), "%d", 2001 + i);
		snprintf(pw, sizeof(pw), "%s123", id);
		snprintf(dn, sizeof(dn), "%d", 1880 + i);
		ag[i].fd = dial(port);
		if (call(&ag[i], "SignIn", json_pack(
			"{s:s, s:s, s:s, s:b, s:b, s:s}", "AgentID", id,
			"PassWord", pw, "DN", dn, "AutoAnswer", 1,
			"ForceSignIn", 1, "ServiceList", "示例"))) {
			fprintf(stderr, "sign-in of %s failed\n", id);
			return 1;
		}
	}
	t0 = now_s();
	for (i = 0; i < r.window && r.offered < r.calls; i++)
		offer(&r);
	while (r.done < r.calls) {
		for (i = 0; i < nag; i++)
			pfd[i] = (struct pollfd){.fd = ag[i].fd,
						 .events = POLLIN};
		pfd[nag] = (struct pollfd){.fd = admin.fd, .events = POLLIN};
		if (poll(pfd, (nfds_t)nag + 1, 10000) <= 0) {
			fprintf(stderr, "stalled after %d calls\n", r.done);
			return 1;
		}
		for (i = 0; i < nag; i++)
			if (pfd[i].revents)
				pump(&ag[i], on_agent_msg, &r);
		if (pfd[nag].revents)
			pump(&admin, ignore, NULL);
	}
	t1 = now_s();
	qsort(r.lat, (size_t)r.nlat, sizeof(double), cmp);
	printf("agents %d calls %d window %d\n", nag, r.calls, r.window);
	printf("throughput %.0f calls/s (%.2f s)\n", r.calls / (t1 - t0),
	       t1 - t0);
	if (r.nlat)
		printf("offer->connected latency median %.2f ms p99 %.2f ms\n",
		       r.lat[r.nlat / 2] * 1e3,
		       r.lat[(int)(r.nlat * 0.99)] * 1e3);
	free(r.sent_at);
	free(r.lat);
	return 0;
}
