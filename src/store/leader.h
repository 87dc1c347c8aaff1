/*
 * leader.h — leadership of a CTI pair (docs/operations.md, "High
 * availability"): a PostgreSQL advisory lock held on a connection of its
 * own. The CTI holding it is the master; the other polls for it. A
 * takeover raises the fencing token kept in the database (cti_leader), so
 * the switch node deposes the previous master.
 */
#ifndef CALLCLOUD_LEADER_H
#define CALLCLOUD_LEADER_H

#include <stdint.h>

struct leader;

/* On the loop: became master with token (lock_ms: when the lock was
 * taken, tmr_jiffies), or lost the lock (master false): the connection
 * holding it failed, so another CTI may hold it now. */
typedef void (leader_h)(bool master, uint64_t token, uint64_t lock_ms,
			void *arg);

/* Starts polling for the lock on url (a thread with its own connection);
 * h is called on the loop. mem_deref stops the thread. */
int leader_start(struct leader **lp, const char *url, leader_h *h,
		 void *arg);

#endif
