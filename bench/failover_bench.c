/*
 * failover_bench.c — a CTI pair's failover as its agents see it, against
 * the pair bench/failover.sh starts (a sim node, a main CTI on 127.0.0.1
 * and a backup on 127.0.0.2 with the same agent port, on one PostgreSQL):
 *
 *   1. on the main, an admin connection adds N agents (30001..), their
 *      phones (50001..) and their permission for the skill 示例 (4000);
 *   2. N C SDK bars (MainCTIIP / BackCTIIP, AutoAnswer, the SDK's default
 *      timers) sign in on the main;
 *   3. customers call 4000 through the node's control connection: N talk
 *      with the agents, the rest wait in the queue;
 *   4. the main is killed (SIGKILL), and this prints:
 *      - the takeover: kill -> the backup's /healthz says master (polled
 *        every 10 ms);
 *      - the re-sign-ins: kill -> each bar's OnMasterChanged
 *        (ACD_RELOGINSUCCESS), p50 / p99 / max, and the bars that did not
 *        sign back in within a minute;
 *      - the calls dropped: the customers' legs on the node before and
 *        after, and the calls back in hand on the backup (bars talking
 *        again, callers in its queue).
 *
 * usage: failover_bench MAIN_PID AGENT_PORT BACKUP_HTTP_PORT NODE_PORT
 *                       [agents=100] [calls=200]
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "agentbar.h"
#include "util/nodectl.h"
#include "util/rpc.h"

/* the SDK's event callbacks pass many arguments this program never reads */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#define SKILL "示例"
enum { FIRST_AGENT = 30001, FIRST_DN = 50001, SETTLE_MS = 10000,
       TAKEOVER_MS = 30000, RELOGIN_MS = 60000 };

/* One agent's bar and what its events told. */
struct slot {
	AgentBar *bar;
	bool talking;          /* OnConnected before the kill */
	double relogin_ms;     /* kill -> ACD_RELOGINSUCCESS; < 0 not yet */
	bool relogin_failed;   /* ACD_RELOGINFAILED */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static double killed_at;       /* ms, set before the kill */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

static void on_connected(void *ctx, int eventID, const char *callID,
			 long long contactID, long long partyNum,
			 const char *otherParty, int attr, const char *orig,
			 const char *ani, const char *dnis, int reason,
			 long long ts)
{
	struct slot *s = ctx;

	pthread_mutex_lock(&mu);
	s->talking = true;
	pthread_mutex_unlock(&mu);
}

static void on_master_changed(void *ctx, const char *callID,
			      long long contactID, const char *ani,
			      const char *dnis, int reason, long long ts)
{
	struct slot *s = ctx;

	if (reason != EVENTREASON_ACD_RELOGINSUCCESS)
		return;
	pthread_mutex_lock(&mu);
	s->relogin_ms = now_ms() - killed_at;
	pthread_mutex_unlock(&mu);
}

static void on_operation_failed(void *ctx, const char *callID,
				long long contactID, const char *ani,
				const char *dnis, int reason, long long ts)
{
	struct slot *s = ctx;

	if (reason != EVENTREASON_ACD_RELOGINFAILED)
		return;
	pthread_mutex_lock(&mu);
	s->relogin_failed = true;
	pthread_mutex_unlock(&mu);
}

static void admin(struct rpc *a, const char *method, json_t *params)
{
	int code = rpc_call(a, method, params);

	if (code) {
		fprintf(stderr, "%s failed: %d\n", method, code);
		exit(1);
	}
}

/* Agent i's id, password and DN. */
static void agent_names(int i, char id[16], char pw[24], char dn[16])
{
	snprintf(id, 16, "%d", FIRST_AGENT + i);
	snprintf(pw, 24, "pw%s", id);
	snprintf(dn, 16, "%d", FIRST_DN + i);
}

static void add_agents(int port, int n)
{
	struct rpc *a = malloc(sizeof(*a));

	rpc_dial(a, port);
	admin(a, "Admin.Login", json_pack("{s:s, s:s}", "user", "admin",
					  "password", "admin"));
	for (int i = 0; i < n; i++) {
		char id[16], pw[24], dn[16];

		agent_names(i, id, pw, dn);
		admin(a, "Admin.AddAgent", json_pack("{s:s, s:s, s:s}", "id",
						     id, "name", id,
						     "password", pw));
		admin(a, "Admin.AddPhone", json_pack("{s:s, s:s}", "dn", dn,
						     "sipPassword", pw));
		admin(a, "Admin.SetPermission", json_pack(
			      "{s:s, s:s, s:i}", "agent", id, "skill", SKILL,
			      "level", 1));
	}
	close(a->fd);
	free(a);
}

static void sign_in(struct slot *s, int i, int port)
{
	static const AgentBarEvents ev = {
		.OnConnected = on_connected,
		.OnMasterChanged = on_master_changed,
		.OnOperationFailed = on_operation_failed,
	};
	char id[16], pw[24], dn[16];
	int code;

	agent_names(i, id, pw, dn);
	s->relogin_ms = -1;
	s->bar = ab_Create();
	ab_SetMainCTIIP(s->bar, "127.0.0.1");
	ab_SetBackCTIIP(s->bar, "127.0.0.2");
	ab_SetCTIPort(s->bar, port);
	ab_SetLogLevel(s->bar, 0);
	ab_SetAgentID(s->bar, id);
	ab_SetPassWord(s->bar, pw);
	ab_SetDN(s->bar, dn);
	ab_SetServiceList(s->bar, SKILL "=1");
	ab_SetAutoAnswer(s->bar, 1);
	ab_SetEvents(s->bar, &ev, s);
	code = ab_Initial(s->bar);
	if (!code)
		code = ab_SignIn(s->bar);
	if (code) {
		fprintf(stderr, "sign-in of %s failed: %d %s\n", id, code,
			ab_ResultName(code));
		exit(1);
	}
}

/* Customers first..first+n-1 call 4000 through the node. */
static void offer(int node, int first, int n)
{
	struct nodectl *c = nodectl_open(node);

	for (int i = first; i < first + n; i++) {
		char ani[16];
		json_t *r;

		snprintf(ani, sizeof(ani), "139%08d", i);
		r = nodectl_op(c, "sim_inbound", json_pack(
				       "{s:s, s:s}", "ani", ani, "dnis",
				       "4000"));
		if (json_integer_value(json_object_get(r, "err"))) {
			fprintf(stderr, "sim_inbound failed\n");
			exit(1);
		}
		json_decref(r);
	}
	nodectl_close(c);
}

static size_t customers_on(int node)
{
	struct nodectl *c = nodectl_open(node);
	size_t n = nodectl_customers(c);

	nodectl_close(c);
	return n;
}

/* Callers in the skill's queue on the CTI bar is signed in on; -1 if
 * it does not answer. */
static int queued(AgentBar *bar)
{
	char *data = ab_GetSkillWaitingNumber(bar, SKILL);
	json_t *o = json_loads(data ? data : "", 0, NULL);
	json_t *n = json_object_get(o, "queuenumber");
	int q = json_is_integer(n) ? (int)json_integer_value(n) : -1;

	json_decref(o);
	ab_FreeString(data);
	return q;
}

static int count_talking(const struct slot *s, int n)
{
	int k = 0;

	pthread_mutex_lock(&mu);
	for (int i = 0; i < n; i++)
		k += s[i].talking;
	pthread_mutex_unlock(&mu);
	return k;
}

/* Until `talking` bars are talking and `waiting` callers queued. */
static void settle(const struct slot *s, int n, int talking, int waiting)
{
	double end = now_ms() + SETTLE_MS;

	while (count_talking(s, n) < talking || queued(s[0].bar) != waiting) {
		if (now_ms() > end) {
			fprintf(stderr, "calls did not settle: %d talking, "
				"%d queued\n", count_talking(s, n),
				queued(s[0].bar));
			exit(1);
		}
		sleep_ms(10);
	}
}

/* Whether buf holds a whole /healthz reply: headers, then its object. */
static bool reply_complete(const char *buf)
{
	const char *body = strstr(buf, "\r\n\r\n");

	return body && strchr(body, '}');
}

/* Whether the CTI's /healthz on 127.0.0.2:port says master (the server
 * keeps the connection open: the reply is read up to its end). */
static bool backup_is_master(int port)
{
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: "
		"127.0.0.2\r\n\r\n";
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	struct timeval tv = {1, 0};
	char buf[1024] = "";
	size_t len = 0;
	ssize_t r = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.2", &sa.sin_addr);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    write(fd, req, sizeof(req) - 1) == sizeof(req) - 1)
		while (len < sizeof(buf) - 1 && !reply_complete(buf) &&
		       (r = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
			buf[len += (size_t)r] = '\0';
	close(fd);
	return strstr(buf, "\"role\":\"master\"") != NULL;
}

/* kill -> the backup's /healthz says master, in ms; -1 if it never did. */
static double takeover(int http)
{
	while (!backup_is_master(http)) {
		if (now_ms() - killed_at > TAKEOVER_MS)
			return -1;
		sleep_ms(10);
	}
	return now_ms() - killed_at;
}

/* Until every bar signed back in or gave up, or RELOGIN_MS after the
 * kill; the re-sign-in times into ms[] (sorted), their count. */
static int relogins(const struct slot *s, int n, double *ms)
{
	int done, k;

	do {
		sleep_ms(10);
		pthread_mutex_lock(&mu);
		done = k = 0;
		for (int i = 0; i < n; i++) {
			done += s[i].relogin_ms >= 0 || s[i].relogin_failed;
			if (s[i].relogin_ms >= 0)
				ms[k++] = s[i].relogin_ms;
		}
		pthread_mutex_unlock(&mu);
	} while (done < n && now_ms() - killed_at < RELOGIN_MS);
	return k;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The nearest-rank percentile p of sorted v[n]. */
static double pct(const double *v, int n, double p)
{
	int i = (int)ceil(p / 100 * n) - 1;

	return v[i < 0 ? 0 : i];
}

static void print_relogins(const struct slot *s, double *ms, int k, int n)
{
	int gave_up = 0;

	for (int i = 0; i < n; i++)
		gave_up += s[i].relogin_failed;
	qsort(ms, (size_t)k, sizeof(*ms), cmp_double);
	if (k)
		printf("re-sign-in  p50 %.0f ms, p99 %.0f ms, max %.0f ms "
		       "(kill -> OnMasterChanged ACD_RELOGINSUCCESS)\n",
		       pct(ms, k, 50), pct(ms, k, 99), ms[k - 1]);
	printf("not signed back in: %d of %d agents (%d of them gave up: "
	       "ACD_RELOGINFAILED)\n", n - k, n, gave_up);
}

/* The calls back in hand: bars talking again on the backup, callers in
 * its queue; the rest (an agent's call whose bar gave up, which the backup
 * lets go on, or a call it lost) have no bar any more. */
static void print_in_hand(const struct slot *s, int n, int calls)
{
	int talking = 0, waiting = -1;

	for (int i = 0; i < n; i++) {
		talking += ab_GetAgentStatus(s[i].bar) == AsConnectedState;
		if (waiting < 0 && s[i].relogin_ms >= 0)
			waiting = queued(s[i].bar);
	}
	printf("on the backup: %d bars talking again, %d callers queued; "
	       "%d of %d calls without a bar\n", talking, waiting,
	       calls - talking - waiting, calls);
}

int main(int argc, char **argv)
{
	pid_t main_pid = argc > 4 ? atoi(argv[1]) : 0;
	int port = argc > 4 ? atoi(argv[2]) : 0;
	int http = argc > 4 ? atoi(argv[3]) : 0;
	int node = argc > 4 ? atoi(argv[4]) : 0;
	int n = argc > 5 ? atoi(argv[5]) : 100;
	int calls = argc > 6 ? atoi(argv[6]) : 200;
	int talking = calls < n ? calls : n;
	struct slot *s = calloc((size_t)(n > 0 ? n : 1), sizeof(*s));
	double *ms = calloc((size_t)(n > 0 ? n : 1), sizeof(*ms));
	size_t before;
	double t;
	int k;

	if (main_pid <= 0 || port <= 0 || http <= 0 || node <= 0 || n < 1 ||
	    calls < 0) {
		fprintf(stderr, "usage: failover_bench MAIN_PID AGENT_PORT "
			"BACKUP_HTTP_PORT NODE_PORT [agents] [calls]\n");
		return 2;
	}
	add_agents(port, n);
	for (int i = 0; i < n; i++)
		sign_in(&s[i], i, port);
	offer(node, 0, talking);
	settle(s, n, talking, 0);
	offer(node, talking, calls - talking);
	settle(s, n, talking, calls - talking);
	sleep_ms(300);   /* the last notes on their way to the node */
	before = customers_on(node);

	killed_at = now_ms();
	kill(main_pid, SIGKILL);
	t = takeover(http);
	k = relogins(s, n, ms);

	printf("agents %d, calls %d (%d talking, %d queued)\n", n, calls,
	       talking, calls - talking);
	printf("takeover %.0f ms (kill -> the backup's /healthz says "
	       "master)\n", t);
	print_relogins(s, ms, k, n);
	printf("customers on the node: %zu before, %zu after the kill\n",
	       before, customers_on(node));
	print_in_hand(s, n, calls);
	for (int i = 0; i < n; i++)
		ab_Destroy(s[i].bar);
	free(s);
	free(ms);
	return t < 0;
}
