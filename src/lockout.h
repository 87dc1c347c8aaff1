/*
 * lockout.h — password guessing held back: failed attempts are counted
 * per key (an agent id, an admin user, a source address) and a key that
 * fails max_failures times within window seconds is locked out for
 * lockout seconds. The state is in memory only: a restart forgets it,
 * and each CTI of a pair counts its own (docs/security.md "Supervisors,
 * admins and demo credentials").
 */
#ifndef CALLCLOUD_LOCKOUT_H
#define CALLCLOUD_LOCKOUT_H

#include <stdbool.h>
#include <stdint.h>

struct lockout;

struct lockout_conf {
	int max_failures;   /* >= 1 */
	int window;         /* s over which failures count, >= 1 */
	int lockout;        /* s a key stays locked; 0: never locked */
};

/* what names a key in the log ("agent", "admin user", "address"); a
 * static string. mem_deref to free. */
int  lockout_alloc(struct lockout **lop, const struct lockout_conf *conf,
		   const char *what);
/* Whether key is locked out at now (us). */
bool lockout_active(const struct lockout *lo, const char *key, int64_t now);
/* Counts a failure of key at now (us); true when it locked key out. */
bool lockout_fail(struct lockout *lo, const char *key, int64_t now);
/* A right password: key starts counting afresh. */
void lockout_forget(struct lockout *lo, const char *key);

#endif
