/*
 * srclimit.c — the per source address table of srclimit.h: a hash of
 * addresses, each with its connection count, its token bucket and what
 * was refused since its last log line.
 *
 * An entry lives while the address holds a connection or its bucket is
 * not full again; a sweep frees the others, so addresses seen once (a
 * spoofed UDP flood) do not pile up. The table is bounded: past
 * SOURCES_MAX addresses a new one is refused outright, as a flood from
 * that many addresses is not served better by remembering each.
 */
#include <re.h>
#include "log.h"
#include "srclimit.h"

enum {
	BUCKETS = 1024,
	SOURCES_MAX = 65536,
	LOG_INTERVAL_MS = 10000,   /* one line per address per interval */
	SWEEP_MS = 10000,
};

struct srclimit {
	struct srclimit_conf conf;
	struct hash *ht;
	uint32_t count;
	struct tmr sweep;
	uint64_t full_logged_ms;   /* the table-full line */
};

struct srcent {
	struct le he;
	struct srclimit *t;
	struct sa addr;
	uint32_t conns;
	struct tbucket bucket;
	uint32_t refused;          /* since logged_ms */
	uint64_t logged_ms;
};

void tbucket_init(struct tbucket *b, uint32_t burst, uint64_t now_ms)
{
	b->last_ms = now_ms;
	b->mtokens = (uint64_t)burst * 1000;
}

bool tbucket_take(struct tbucket *b, uint32_t rate, uint32_t burst,
		  uint64_t now_ms)
{
	uint64_t cap = (uint64_t)burst * 1000;

	if (now_ms > b->last_ms) {
		/* rate tokens a second are rate thousandths a millisecond */
		uint64_t add = (now_ms - b->last_ms) * rate;

		b->mtokens = add >= cap - b->mtokens ? cap : b->mtokens + add;
		b->last_ms = now_ms;
	}
	if (b->mtokens < 1000)
		return false;
	b->mtokens -= 1000;
	return true;
}

/* A bucket left alone this long is full again. */
static uint64_t refill_ms(const struct srclimit *t)
{
	return (uint64_t)t->conf.burst * 1000 / t->conf.rate + 1;
}

static void ent_destructor(void *data)
{
	struct srcent *e = data;

	hash_unlink(&e->he);
	e->t->count--;
}

static bool sweep_one(struct le *le, void *arg)
{
	struct srcent *e = le->data;
	const uint64_t *now = arg;

	if (!e->conns && *now >= e->bucket.last_ms + refill_ms(e->t) &&
	    *now >= e->logged_ms + LOG_INTERVAL_MS)
		mem_deref(e);
	return false;
}

static void sweep_h(void *arg)
{
	struct srclimit *t = arg;
	uint64_t now = tmr_jiffies();

	hash_apply(t->ht, sweep_one, &now);
	tmr_start(&t->sweep, SWEEP_MS, sweep_h, t);
}

static void destructor(void *data)
{
	struct srclimit *t = data;

	tmr_cancel(&t->sweep);
	hash_flush(t->ht);
	mem_deref(t->ht);
}

int srclimit_alloc(struct srclimit **tp, const struct srclimit_conf *conf)
{
	struct srclimit *t;
	int err;

	if (!tp || !conf || !conf->door || !conf->rate || !conf->burst)
		return EINVAL;
	t = mem_zalloc(sizeof(*t), destructor);
	if (!t)
		return ENOMEM;
	t->conf = *conf;
	err = hash_alloc(&t->ht, BUCKETS);
	if (err) {
		mem_deref(t);
		return err;
	}
	tmr_start(&t->sweep, SWEEP_MS, sweep_h, t);
	*tp = t;
	return 0;
}

static bool addr_eq(struct le *le, void *arg)
{
	const struct srcent *e = le->data;

	return sa_cmp(&e->addr, arg, SA_ADDR);
}

/* The entry of src, made when new; NULL when the table is full. */
static struct srcent *lookup(struct srclimit *t, const struct sa *src)
{
	uint32_t key = sa_hash(src, SA_ADDR);
	struct srcent *e = list_ledata(hash_lookup(t->ht, key, addr_eq,
						   (void *)src));
	uint64_t now;

	if (e)
		return e;
	now = tmr_jiffies();
	if (t->count >= SOURCES_MAX) {
		if (!t->full_logged_ms ||
		    now - t->full_logged_ms >= LOG_INTERVAL_MS) {
			log_warn("%s: %u addresses tracked, refusing new ones",
				 t->conf.door, t->count);
			t->full_logged_ms = now;
		}
		return NULL;
	}
	e = mem_zalloc(sizeof(*e), ent_destructor);
	if (!e)
		return NULL;
	e->t = t;
	sa_cpy(&e->addr, src);
	tbucket_init(&e->bucket, t->conf.burst, now);
	hash_append(t->ht, key, &e->he, e);
	t->count++;
	return e;
}

void srcent_refused(struct srcent *e, const char *what)
{
	uint64_t now = tmr_jiffies();
	char addr[64];

	e->refused++;
	if (e->logged_ms && now - e->logged_ms < LOG_INTERVAL_MS)
		return;
	re_snprintf(addr, sizeof(addr), "%j", &e->addr);
	log_warn("%s: %s: %s (%u refused since the last line)",
		 e->t->conf.door, addr, what, e->refused);
	e->refused = 0;
	e->logged_ms = now;
}

struct srcent *srclimit_conn_add(struct srclimit *t, const struct sa *src)
{
	struct srcent *e = lookup(t, src);

	if (!e)
		return NULL;
	if (e->conns >= t->conf.max_conns) {
		srcent_refused(e, "too many connections");
		return NULL;
	}
	e->conns++;
	return e;
}

void srclimit_conn_del(struct srcent *e)
{
	if (e && e->conns)
		e->conns--;
}

bool srclimit_take(struct srclimit *t, const struct sa *src)
{
	struct srcent *e = lookup(t, src);

	if (!e)
		return false;
	if (tbucket_take(&e->bucket, t->conf.rate, t->conf.burst,
			 tmr_jiffies()))
		return true;
	srcent_refused(e, "requests over the rate");
	return false;
}
