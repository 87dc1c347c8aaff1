/*
 * lockout.c — failed attempts per key and lock-outs (see lockout.h).
 *
 * Failures count in a fixed window opened by the first one: simpler than
 * a sliding one and as good against guessing, which needs many windows.
 * The table is bounded: a guesser inventing keys (user names, ids) must
 * not grow the daemon's memory, so keys whose window and lock-out are over
 * are dropped when a new one comes, and at LOCKOUT_KEYS_MAX the oldest
 * goes (the per-address count still holds such a guesser).
 */
#include <errno.h>
#include <string.h>
#include <re.h>
#include "lockout.h"
#include "log.h"

enum { LOCKOUT_KEY_SIZE = 64, LOCKOUT_KEYS_MAX = 10000 };

struct entry {
	struct le le;              /* in lockout->entries, oldest first */
	char key[LOCKOUT_KEY_SIZE];
	int64_t first;             /* us of the window's first failure */
	int n;                     /* failures in that window */
	int64_t until;             /* us the lock-out ends; 0 none */
};

struct lockout {
	struct list entries;
	struct lockout_conf conf;
	const char *what;
};

static void destructor(void *data)
{
	struct lockout *lo = data;

	list_flush(&lo->entries);
}

int lockout_alloc(struct lockout **lop, const struct lockout_conf *conf,
		  const char *what)
{
	struct lockout *lo;

	if (!lop || !conf || !what || conf->max_failures < 1 ||
	    conf->window < 1 || conf->lockout < 0)
		return EINVAL;
	lo = mem_zalloc(sizeof(*lo), destructor);
	if (!lo)
		return ENOMEM;
	list_init(&lo->entries);
	lo->conf = *conf;
	lo->what = what;
	*lop = lo;
	return 0;
}

static struct entry *find(const struct lockout *lo, const char *key)
{
	struct le *le;

	LIST_FOREACH(&lo->entries, le) {
		struct entry *e = le->data;

		if (!strncmp(e->key, key, sizeof(e->key) - 1))
			return e;
	}
	return NULL;
}

static bool window_over(const struct lockout *lo, const struct entry *e,
			int64_t now)
{
	return now - e->first > (int64_t)lo->conf.window * 1000000;
}

/* Room for one more key: the ones that count nothing any more go, and
 * the oldest if the table is still full. */
static void make_room(struct lockout *lo, int64_t now)
{
	struct le *le = list_head(&lo->entries);

	while (le) {
		struct entry *e = le->data;

		le = le->next;
		if (e->until <= now && window_over(lo, e, now))
			mem_deref(e);
	}
	if (list_count(&lo->entries) >= LOCKOUT_KEYS_MAX)
		mem_deref(list_ledata(list_head(&lo->entries)));
}

static void entry_destructor(void *data)
{
	struct entry *e = data;

	list_unlink(&e->le);
}

bool lockout_active(const struct lockout *lo, const char *key, int64_t now)
{
	const struct entry *e = lo && key ? find(lo, key) : NULL;

	return e && e->until > now;
}

bool lockout_fail(struct lockout *lo, const char *key, int64_t now)
{
	struct entry *e;

	if (!lo || !key)
		return false;
	e = find(lo, key);
	if (!e) {
		make_room(lo, now);
		e = mem_zalloc(sizeof(*e), entry_destructor);
		if (!e)
			return false;
		str_ncpy(e->key, key, sizeof(e->key));
		list_append(&lo->entries, &e->le, e);
	}
	if (!e->n || window_over(lo, e, now)) {
		e->first = now;
		e->n = 0;
	}
	if (++e->n < lo->conf.max_failures || !lo->conf.lockout)
		return false;
	e->until = now + (int64_t)lo->conf.lockout * 1000000;
	e->n = 0;
	log_warn("%s %s locked out for %d s after %d failed attempts "
		 "within %d s", lo->what, e->key, lo->conf.lockout,
		 lo->conf.max_failures, lo->conf.window);
	return true;
}

void lockout_forget(struct lockout *lo, const char *key)
{
	if (lo && key)
		mem_deref(find(lo, key));
}
