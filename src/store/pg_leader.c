/*
 * pg_leader.c — leadership of a CTI pair by a PostgreSQL session advisory
 * lock (leader.h). A thread with its own connection tries the lock every
 * POLL_MS; once it holds it, it raises the fencing token in cti_leader
 * and tells the loop, then pings every POLL_MS to notice a lost
 * connection. The lock is the server's: it frees when the session ends
 * (the master died, or was cut off), so there is no consensus of ours.
 *
 * A master that is stopped (SIGSTOP, a swap storm) keeps its socket open
 * and would keep the lock forever; idle_session_timeout makes the server
 * end a session that sends nothing for 2 s, which the pings of a live
 * master never let happen.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <re.h>
#include "log.h"
#include "db_pg.h"
#include "leader.h"

enum { POLL_MS = 500 };

/* the lock connection's settings: idle_session_timeout (2 s, four
 * missed pings) ends a stopped master's session (PostgreSQL 14+) */
#define CONN_OPTIONS "-c statement_timeout=3000 -c idle_session_timeout=2000"

/* any constant of our own, other than the migration's lock */
#define LOCK_SQL "SELECT pg_try_advisory_lock(7291004612)"
#define TOKEN_SQL "UPDATE cti_leader SET token = token + 1 WHERE id = 1 " \
	"RETURNING token"

struct leader {
	char *url;
	leader_h *h;
	void *arg;
	struct mqueue *mq;
	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t wake;     /* stop */
	bool stop;
	PGconn *conn;            /* the thread's */
};

/* what the thread tells the loop */
struct leader_msg {
	uint64_t token;
	uint64_t lock_ms;
};

enum { MSG_LOST = 0, MSG_MASTER = 1 };

static void mq_h(int id, void *data, void *arg)
{
	struct leader *l = arg;
	struct leader_msg *m = data;

	/* a takeover whose token was lost (no memory) cannot lead: told as
	 * a lost lock, the CTI steps down and is restarted */
	l->h(id == MSG_MASTER && m, m ? m->token : 0, m ? m->lock_ms : 0,
	     l->arg);
	free(m);
}

/* false once asked to stop; else after ms */
static bool nap(struct leader *l, int ms)
{
	struct timespec ts;
	bool go;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&l->mu);
	if (!l->stop)
		pthread_cond_timedwait(&l->wake, &l->mu, &ts);
	go = !l->stop;
	pthread_mutex_unlock(&l->mu);
	return go;
}

/* One value of a one-row statement; NULL when it failed (logged). */
static PGresult *one(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		return res;
	log_warn("leader: %s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	return NULL;
}

/* Tries the lock once; 1 held, 0 not, -1 the connection failed. */
static int try_lock(struct leader *l)
{
	PGresult *res;
	int held;

	if (!l->conn) {
		l->conn = pg_connect_opts(l->url, CONN_OPTIONS);
		if (!l->conn)
			return -1;
	}
	res = one(l->conn, LOCK_SQL);
	if (!res)
		return -1;
	held = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	return held;
}

static void push(struct leader *l, int id, uint64_t token, uint64_t lock_ms)
{
	struct leader_msg *m = malloc(sizeof(*m));

	if (m) {
		m->token = token;
		m->lock_ms = lock_ms;
	}
	/* without its data the loop still learns what happened */
	if (mqueue_push(l->mq, id, m))
		free(m);
}

/* The lock is ours: a new token; false when the connection failed. */
static bool take_token(struct leader *l, uint64_t lock_ms)
{
	PGresult *res = one(l->conn, TOKEN_SQL);
	uint64_t token;

	if (!res)
		return false;
	token = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	push(l, MSG_MASTER, token, lock_ms);
	return true;
}

static void drop_conn(struct leader *l)
{
	PQfinish(l->conn);
	l->conn = NULL;
}

static void *thread_main(void *arg)
{
	struct leader *l = arg;
	int held;

	/* standby: poll for the lock */
	for (;;) {
		held = try_lock(l);
		if (held > 0)
			break;
		if (held < 0 && l->conn)
			drop_conn(l);
		if (!nap(l, POLL_MS))
			goto out;
	}
	if (!take_token(l, tmr_jiffies())) {
		/* the lock went with the connection; nothing was served */
		push(l, MSG_LOST, 0, 0);
		goto out;
	}
	/* master: keep the session busy and watch it */
	while (nap(l, POLL_MS)) {
		PGresult *res = one(l->conn, "SELECT 1");

		if (!res) {
			push(l, MSG_LOST, 0, 0);
			break;
		}
		PQclear(res);
	}
 out:
	if (l->conn)
		drop_conn(l);
	return NULL;
}

static void destructor(void *data)
{
	struct leader *l = data;

	if (l->started) {
		pthread_mutex_lock(&l->mu);
		l->stop = true;
		pthread_cond_signal(&l->wake);
		pthread_mutex_unlock(&l->mu);
		pthread_join(l->thread, NULL);
	}
	pthread_cond_destroy(&l->wake);
	pthread_mutex_destroy(&l->mu);
	mem_deref(l->mq);
	mem_deref(l->url);
}

int leader_start(struct leader **lp, const char *url, leader_h *h,
		 void *arg)
{
	struct leader *l;
	int err;

	if (!lp || !url || !h)
		return EINVAL;
	l = mem_zalloc(sizeof(*l), destructor);
	if (!l)
		return ENOMEM;
	l->h = h;
	l->arg = arg;
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->wake, NULL);
	err = str_dup(&l->url, url);
	if (!err)
		err = mqueue_alloc(&l->mq, mq_h, l);
	if (!err)
		err = pthread_create(&l->thread, NULL, thread_main, l);
	if (err) {
		mem_deref(l);
		return err;
	}
	l->started = true;
	*lp = l;
	return 0;
}
