/*
 * pg_cdr.c — CDR writes to PostgreSQL off the main loop. The loop hands
 * each write (and each later call-data update) to a bounded queue and
 * returns at once; a writer thread with its own connection writes them in
 * order. While the server is away, operations go to a journal file (one
 * JSON object per line, synced), which the writer replays in order once
 * the server answers again, then removes. Each row carries a random key
 * (rid, unique in the table), so a replay that repeats rows already
 * written — a crash between a write and the journal's removal — adds
 * nothing; call-data updates are idempotent by nature.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include <sodium.h>
#include "log.h"
#include "db_pg.h"

/* At most this many operations wait in memory; more spill to the journal
 * (a CDR is ~37 KiB with its call data, so ~9 MiB). */
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

enum { QUEUE_MAX = 256, RETRY_MS = 1000, FLUSH_WAIT_S = PG_TIMEOUT_S,
       RID_SIZE = 33 };

static const char SQL_INSERT[] =
	"INSERT INTO cdr(rid, call_id, contact_id, agent, dn, ani, dnis,"
	" direction, skill, queue_wait_ms, ring_ms, talk_ms, end_reason,"
	" hangup_by, start_us, answer_us, end_us, call_data)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ?14, ?15, ?16, ?17, ?18) ON CONFLICT(rid) DO NOTHING";
static const char SQL_SET_DATA[] =
	"UPDATE cdr SET call_data = ?2 WHERE contact_id = ?1";

struct item {
	struct db_cdr_op op;
	char rid[RID_SIZE];
};

struct pg_cdr {
	char *url;
	char *journal;
	PGconn *conn;            /* the writer's own; NULL while away */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work;     /* an item queued, or stop */
	pthread_cond_t idle;     /* the queue emptied */
	struct item *queue[QUEUE_MAX];
	size_t head, count;
	bool busy;               /* the writer holds an item */
	bool pending;            /* the journal has operations */
	bool stop;
};

/* The CDR's fields as the journal names them (its columns' names). */
struct field {
	const char *key;
	size_t off;
	size_t size;             /* of a text field; 0 for an int64_t */
};

#define TXT(f) {#f, offsetof(struct cdr, f), sizeof(((struct cdr *)0)->f)}
#define NUM(f) {#f, offsetof(struct cdr, f), 0}
static const struct field fields[] = {
	TXT(call_id), NUM(contact_id), TXT(agent), TXT(dn), TXT(ani),
	TXT(dnis), TXT(direction), TXT(skill), NUM(queue_wait_ms),
	NUM(ring_ms), NUM(talk_ms), TXT(end_reason), TXT(hangup_by),
	NUM(start_us), NUM(answer_us), NUM(end_us), TXT(call_data),
};

/* One operation as a journal line (malloc()ed), NULL if out of memory. */
static char *item_json(const struct item *it)
{
	const char *c = (const char *)&it->op.cdr;
	json_t *o = json_pack("{sb ss}", "set_data", it->op.set_data,
			      "rid", it->rid);
	char *s = NULL;
	bool ok = o != NULL;

	for (size_t i = 0; ok && i < ARRAY_LEN(fields); i++) {
		const struct field *f = &fields[i];
		int64_t v;

		if (f->size) {
			ok = !json_object_set_new(o, f->key,
						  json_string(c + f->off));
		}
		else {
			memcpy(&v, c + f->off, sizeof(v));
			ok = !json_object_set_new(o, f->key, json_integer(v));
		}
	}
	if (ok)
		s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/* A journal line back into an operation; false for a broken line. */
static bool item_parse(const char *line, struct item *it)
{
	char *c = (char *)&it->op.cdr;
	json_t *o = json_loads(line, 0, NULL), *v;
	const char *rid;
	bool ok = o != NULL;

	memset(it, 0, sizeof(*it));
	for (size_t i = 0; ok && i < ARRAY_LEN(fields); i++) {
		const struct field *f = &fields[i];
		int64_t n;

		v = json_object_get(o, f->key);
		if (f->size) {
			ok = json_is_string(v) &&
			     strlen(json_string_value(v)) < f->size;
			if (ok)
				strcpy(c + f->off, json_string_value(v));
		}
		else {
			ok = json_is_integer(v);
			n = json_integer_value(v);
			memcpy(c + f->off, &n, sizeof(n));
		}
	}
	rid = ok ? json_string_value(json_object_get(o, "rid")) : NULL;
	ok = ok && rid && strlen(rid) < sizeof(it->rid);
	if (ok) {
		strcpy(it->rid, rid);
		it->op.set_data = json_is_true(json_object_get(o, "set_data"));
	}
	json_decref(o);
	return ok && (it->op.set_data || it->rid[0]);
}

/* Appends items to the journal, synced: once this returns 0 they survive
 * a crash of the daemon. A line a crash cut short is ended first, so that
 * it costs only itself. Called with the lock held. */
static int journal_append(struct pg_cdr *w, struct item *const *items,
			  size_t n)
{
	FILE *f = fopen(w->journal, "a+");
	int err = 0;

	if (f && !fseek(f, -1, SEEK_END) && fgetc(f) != '\n')
		fputc('\n', f);
	if (!f) {
		err = errno;
		log_error("store: cdr journal %s: %s", w->journal,
			  strerror(err));
		return err;
	}
	for (size_t i = 0; i < n && !err; i++) {
		char *line = item_json(items[i]);

		if (!line || fprintf(f, "%s\n", line) < 0)
			err = line ? EIO : ENOMEM;
		free(line);
	}
	if (!err && (fflush(f) || fdatasync(fileno(f))))
		err = errno;
	if (fclose(f) && !err)
		err = errno;
	if (err)
		log_error("store: cdr journal %s: %s", w->journal,
			  strerror(err));
	else
		w->pending = true;
	return err;
}

/* Every queued item to the journal (keeps the order: they are newer than
 * what the journal holds). Called with the lock held. */
static void spill(struct pg_cdr *w)
{
	struct item *batch[QUEUE_MAX];
	size_t n = 0;

	while (w->count) {
		batch[n++] = w->queue[w->head];
		w->head = (w->head + 1) % QUEUE_MAX;
		w->count--;
	}
	if (n && journal_append(w, batch, n))
		log_error("store: %zu CDR operations lost", n);
	for (size_t i = 0; i < n; i++)
		free(batch[i]);
	pthread_cond_broadcast(&w->idle);
}

static int write_item(struct pg_cdr *w, const struct item *it,
		      const char *what, ...)
{
	va_list ap;
	PGresult *res = NULL;
	int err;

	va_start(ap, what);
	err = pg_query(w->conn, what, &res,
		       it->op.set_data ? SQL_SET_DATA : SQL_INSERT,
		       it->op.set_data ? "Is" : "ssIssssssIIIssIIIs", ap);
	va_end(ap);
	PQclear(res);
	return err;
}

/* 0 written; EAGAIN the server is away or failing (keep it for later);
 * else the server refused the row itself (logged, dropped: it would never
 * go). */
static int write_one(struct pg_cdr *w, const struct item *it)
{
	const struct cdr *c = &it->op.cdr;
	int err;

	if (!w->conn || PQstatus(w->conn) != CONNECTION_OK) {
		if (w->conn)
			PQfinish(w->conn);
		w->conn = pg_connect(w->url);
		if (!w->conn)
			return EAGAIN;
	}
	if (it->op.set_data)
		err = write_item(w, it, "cdr set data", c->contact_id,
				 c->call_data);
	else
		err = write_item(w, it, "cdr write", it->rid, c->call_id,
				 c->contact_id, c->agent, c->dn, c->ani,
				 c->dnis, c->direction, c->skill,
				 c->queue_wait_ms, c->ring_ms, c->talk_ms,
				 c->end_reason, c->hangup_by, c->start_us,
				 c->answer_us, c->end_us, c->call_data);
	if (err == EIO || err == ENOMEM)
		return EAGAIN;
	if (err)
		log_error("store: CDR of call %s dropped: the database"
			  " refused it", c->call_id);
	return err;
}

static long file_size(const char *path)
{
	FILE *f = fopen(path, "r");
	long n;

	if (!f)
		return 0;
	n = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	fclose(f);
	return n;
}

/* Replays the journal from its start; removes it once everything in it is
 * written, unless more was appended meanwhile (then goes on). EAGAIN when
 * the server went away again. Called without the lock. */
static int replay(struct pg_cdr *w)
{
	struct item *it = malloc(sizeof(*it));
	char *line = NULL;
	size_t cap = 0;
	long done = 0;
	FILE *f;
	bool found;
	int err = 0;

	if (!it)
		return ENOMEM;
	f = fopen(w->journal, "r");
	found = f != NULL;
	while (f && !err) {
		ssize_t n = getline(&line, &cap, f);

		if (n < 0) {
			pthread_mutex_lock(&w->mu);
			if (file_size(w->journal) == done) {
				if (unlink(w->journal))
					log_error("store: cdr journal %s: %s",
						  w->journal,
						  strerror(errno));
				w->pending = false;
				pthread_mutex_unlock(&w->mu);
				break;
			}
			pthread_mutex_unlock(&w->mu);
			clearerr(f);
			continue;
		}
		done += n;
		if (!item_parse(line, it)) {
			log_error("store: cdr journal %s: a broken line"
				  " skipped", w->journal);
			continue;
		}
		err = write_one(w, it) == EAGAIN ? EAGAIN : 0;
	}
	if (f) {
		fclose(f);
	}
	else {
		/* gone: nothing to replay; unreadable: kept for the next run */
		if (errno != ENOENT)
			log_error("store: cdr journal %s: %s", w->journal,
				  strerror(errno));
		pthread_mutex_lock(&w->mu);
		w->pending = false;
		pthread_mutex_unlock(&w->mu);
	}
	free(line);
	free(it);
	if (found && !err)
		log_trace("store: cdr journal %s replayed", w->journal);
	return err;
}

static void deadline(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static void *writer(void *arg)
{
	struct pg_cdr *w = arg;
	struct timespec ts;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct item *it;
		int err;

		if (w->pending) {
			pthread_mutex_unlock(&w->mu);
			err = replay(w);
			pthread_mutex_lock(&w->mu);
			if (err) {
				/* behind the journal, so after it in order */
				spill(w);
				if (w->stop)
					break;
				deadline(&ts, RETRY_MS);
				pthread_cond_timedwait(&w->work, &w->mu, &ts);
				continue;
			}
		}
		if (!w->count) {
			pthread_cond_broadcast(&w->idle);
			if (w->stop)
				break;
			pthread_cond_wait(&w->work, &w->mu);
			continue;
		}
		it = w->queue[w->head];
		w->head = (w->head + 1) % QUEUE_MAX;
		w->count--;
		w->busy = true;
		pthread_mutex_unlock(&w->mu);
		err = write_one(w, it);
		pthread_mutex_lock(&w->mu);
		w->busy = false;
		if (err == EAGAIN) {
			log_warn("store: postgresql away, CDRs go to %s",
				 w->journal);
			journal_append(w, &it, 1);
			spill(w);
		}
		free(it);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static void rid_make(char rid[RID_SIZE])
{
	uint64_t r[2];

	randombytes_buf(r, sizeof(r));
	snprintf(rid, RID_SIZE, "%016" PRIx64 "%016" PRIx64, r[0], r[1]);
}

int pg_cdr_queue(struct store *st, const struct db_cdr_op *op)
{
	struct pg_cdr *w = pg_conn(st)->cdr;
	struct item *it = malloc(sizeof(*it));
	int err = 0;

	if (!it)
		return ENOMEM;
	it->op = *op;
	rid_make(it->rid);
	pthread_mutex_lock(&w->mu);
	if (w->count == QUEUE_MAX) {
		/* the writer is stuck on the server: the loop never waits for
		 * it, the queue goes to the journal instead */
		spill(w);
		err = journal_append(w, &it, 1);
		free(it);
	}
	else {
		w->queue[(w->head + w->count) % QUEUE_MAX] = it;
		w->count++;
	}
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	return err ? EIO : 0;
}

void pg_cdr_flush(struct store *st)
{
	struct pg_cdr *w = pg_conn(st)->cdr;
	struct timespec ts;

	deadline(&ts, FLUSH_WAIT_S * 1000);
	pthread_mutex_lock(&w->mu);
	while ((w->count || w->busy) &&
	       !pthread_cond_timedwait(&w->idle, &w->mu, &ts))
		;
	pthread_mutex_unlock(&w->mu);
}

static void cdr_free(struct pg_cdr *w)
{
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->idle);
	if (w->conn)
		PQfinish(w->conn);
	free(w->url);
	free(w->journal);
	free(w);
}

int pg_cdr_start(struct store *st, const char *url, const char *journal)
{
	struct pg_cdr *w;
	int err;

	w = calloc(1, sizeof(*w));
	if (!w)
		return ENOMEM;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->idle, NULL);
	w->url = strdup(url);
	w->journal = strdup(journal);
	if (!w->url || !w->journal) {
		err = ENOMEM;
		goto out;
	}
	/* rows a previous run could not write go first */
	w->pending = file_size(journal) > 0;
	err = pthread_create(&w->thread, NULL, writer, w);
 out:
	if (err)
		cdr_free(w);
	else
		pg_conn(st)->cdr = w;
	return err;
}

/* Writes what is queued (or journals it when the server is away), then
 * ends the thread. */
void pg_cdr_stop(struct pg_cdr *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	cdr_free(w);
}
